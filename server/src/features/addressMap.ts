// qemuLaunch/addressMap: the address map (mapJson's shape) of the invocation at or nearest the position.
import type { Position } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/index';
import { invocationMapJson, type InvocationMapJson } from '../analysis/mapJson';
import { nearestInvocation } from '../featureSupport/convert';

export function addressMap(analysis: Analysis, position: Position): InvocationMapJson | null {
  const inv = nearestInvocation(analysis, analysis.lines.offsetAt(position));
  return inv ? invocationMapJson(analysis, inv) : null;
}
