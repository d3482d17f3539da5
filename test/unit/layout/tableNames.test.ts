// The one table of E820 type and SRAT flag names every surface prints (CLI map, webview, hover).
// Names are Linux's (arch/x86/include/asm/e820/types.h) and ACPI's SRAT Memory Affinity flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  e820TypeCell,
  e820TypeName,
  sratFlagsCell,
  sratFlagsText,
} from '../../../server/src/analysis/layout/tableNames';

test('E820 types print as number and name; the SPM type as QEMU writes it, 0xefffffff', () => {
  assert.equal(e820TypeCell(1), '1 RAM');
  assert.equal(e820TypeCell(2), '2 RESERVED');
  assert.equal(e820TypeCell(12), '12 PRAM');
  assert.equal(e820TypeCell(0xefffffff), '0xefffffff SOFT_RESERVED');
  assert.equal(e820TypeCell(6), '6');
  assert.equal(e820TypeName(0x12345), undefined);
});

test('SRAT flags: names joined by |, unknown bits in hex, padding entries say so', () => {
  assert.equal(sratFlagsText(1), 'ENABLED');
  assert.equal(sratFlagsText(1 | 2 | 4), 'ENABLED|HOTPLUGGABLE|NON_VOLATILE');
  assert.equal(sratFlagsText(1 | 8), 'ENABLED|0x8');
  assert.equal(sratFlagsCell(0, 0n), '0 (padding)');
  assert.equal(sratFlagsCell(0, 0x1000n), '0');
  assert.equal(sratFlagsCell(3, 0x1000n), 'ENABLED|HOTPLUGGABLE');
});
