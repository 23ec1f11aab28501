/** AuthorUnknownError says no author identity is configured (user.name / user.email), as git would refuse. */
export class AuthorUnknownError extends Error {
  readonly code = 'AuthorUnknown';

  constructor(readonly missing: string[]) {
    super(`author identity unknown: set ${missing.join(' and ')} (git config --global ${missing[0]} …) or GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL`);
    this.name = 'AuthorUnknownError';
  }
}
