export { simulateChain, type ChainCommand, type SimulatedChain, type SimulationOptions } from './simulate-chain.ts';
export { driveSimulation, CommandRefusedError, type DriveOptions } from './drive-simulation.ts';
export { SIMULATED_STORE_PLACES } from './chain-places.ts';
