// The settings of tests whose expectations were read from Debian's QEMU 7.2: they are judged as
// 7.2, whatever the newest release (the product's default) says.
import { defaultSettings, type Settings } from '../../server/src/analysis/types';

export const settings72: Settings = { ...defaultSettings, qemuVersion: '7.2' };
