// -object memory-backend-*: id, size and the alignment a memory device on it gets
// (memory_region_get_alignment).
import type { Prop } from '../types';
import type { Backend, DeclaredBackend } from './machine';
import type { Reader } from './values';
import { propsOf } from '../options/lookup';

const KiB = 1024n;
const MiB = 1024n * KiB;
const GiB = 1024n * MiB;
/** Host page size assumed for file-backed RAM on ordinary filesystems (tmpfs, ext4...). */
export const HOST_PAGE = 4n * KiB;
/** The default huge page size of an x86-64 host. */
const DEFAULT_HUGEPAGE = 2n * MiB;

/** A declared backend the layout can use: it has an id. */
export function placeableBackend(declared: DeclaredBackend, r: Reader): Backend | undefined {
  const { option, qomType } = declared;
  const id = r.text(declared.idProp);
  if (!id) return undefined;
  if (declared.sizeProp?.unknown) r.incomplete = true;
  const props = propsOf(option);
  return {
    id,
    qomType,
    size: declared.size,
    alignment: backendAlignment(qomType, props, r),
    option,
    props,
  };
}

function backendAlignment(qomType: string, props: Map<string, Prop>, r: Reader): bigint {
  switch (qomType) {
    case 'memory-backend-ram':
      // Anonymous RAM is mmap'ed with QEMU_VMALLOC_ALIGN (2 MiB on x86-64 Linux); confirmed on 7.2.
      return 2n * MiB;
    case 'memory-backend-file': {
      // file_ram_alloc: MAX(page size of the file's filesystem, align=).
      const align = r.size(props.get('align')) ?? 0n;
      const page = filePageSize(r.text(props.get('mem-path')));
      return align > page ? align : page;
    }
    case 'memory-backend-memfd': {
      if (r.bool(props.get('hugetlb'))) {
        const size = r.size(props.get('hugetlbsize')) ?? 0n;
        return size > 0n ? size : DEFAULT_HUGEPAGE;
      }
      return HOST_PAGE;
    }
    default:
      return HOST_PAGE;
  }
}

/**
 * The page size of a mem-path cannot be known without the host: a hugetlbfs mount is assumed
 * to use the default 2 MiB pages unless its path names 1 GiB pages (…1G…, pagesize=1G mounts are
 * conventionally named so); any other path is an ordinary filesystem with 4 KiB pages.
 */
export function filePageSize(path: string | undefined): bigint {
  if (!path) return HOST_PAGE;
  if (!/huge|hugetlbfs/i.test(path)) return HOST_PAGE;
  return /(^|[^0-9])1(g|gb|gib|048576k|048576kb)([^a-z]|$)/i.test(path) ? GiB : DEFAULT_HUGEPAGE;
}
