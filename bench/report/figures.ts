// Everything one run measured, as the scenarios return it: what the table and results.json read.
import type { BroadcastFigures } from '../scenarios/broadcast';
import type { GraphCalls } from '../scenarios/graph-calls';
import type { MemoryFigures } from '../scenarios/memory';
import type { NewOwnShare } from '../scenarios/own-share';
import type { StartTime } from '../scenarios/start-time';
import type { Throughput } from '../scenarios/throughput';
import type { TokenCost } from '../scenarios/token-cost';

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  platform: string;
}

export interface Figures {
  machine: Machine;
  throughput: Throughput;
  newOwnShare: NewOwnShare;
  graphCalls: GraphCalls;
  tokens: TokenCost;
  memory: MemoryFigures;
  start: StartTime;
  broadcast: BroadcastFigures;
}

export interface Check {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
}
