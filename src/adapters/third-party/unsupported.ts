// "Unsupported": the third answer a port under verification may give besides a Result or a rejection. A port
// that lacks a feature says so (an Outcome with status "unsupported"; on the wire, a Response of type
// "unsupported"), and `verify` counts the case as unsupported instead of failed or crashed.

/** Thrown by a port (or a convention profile) for a feature it does not have. */
export class Unsupported extends Error {
  constructor(
    /** Short feature name, e.g. "BatchNorm2d", "float64", "momentum=None". */
    readonly feature: string,
    reason: string,
  ) {
    super(reason);
    this.name = "Unsupported";
  }
}
