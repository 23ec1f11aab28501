/** NoLiveStateError says there is no inspection of an environment to adopt from yet: the environment must be refreshed first. */
export class NoLiveStateError extends Error {
  readonly code = 'NoLiveState';

  constructor(readonly environment: string) {
    super(`there is no live state of environment "${environment}" yet: refresh the environment, then adopt again`);
    this.name = 'NoLiveStateError';
  }
}
