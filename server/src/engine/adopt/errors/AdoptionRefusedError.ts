/**
 * AdoptionRefusedError says a live value cannot be adopted into Git, and why, in words meant for
 * the user (a masked Secret value, a field a Helm chart or a generator writes, an object Git does
 * not declare…). Nothing was planned when it is thrown.
 */
export class AdoptionRefusedError extends Error {
  readonly code = 'AdoptionRefused';

  constructor(message: string) {
    super(message);
    this.name = 'AdoptionRefusedError';
  }
}
