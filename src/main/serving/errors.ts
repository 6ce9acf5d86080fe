/** A request the service refuses, with the message the caller sees (HTTP 400 unless `status` says otherwise). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
