import ArgumentParser
import NTM

/// When `ntm train` stops, and how often it saves on the way.
struct StopOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Stop after this many sequences in all.")
  var maxSequences: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Stop after this long, e.g. 90s, 10m, 1h.", valueName: "duration"))
  var maxTime: Seconds?

  @Option(parsing: .unconditional, help: "Stop when validation bit errors per sequence fall below this.")
  var untilCost: Double?

  @Option(parsing: .unconditional, help: "Also save every this many sequences.")
  var checkpointEvery: Int?

  var conditions: StopConditions {
    StopConditions(maxSequences: maxSequences, maxSeconds: maxTime?.value, untilBitErrors: untilCost)
  }

  func validate() throws {
    if let maxSequences { try Limits.check(maxSequences, in: 1...Limits.count.upperBound, "--max-sequences") }
    if let maxTime { try Limits.checkPositive(maxTime.value, "--max-time") }
    if let untilCost { try Limits.checkPositive(untilCost, "--until-cost") }
    if let checkpointEvery {
      try Limits.check(checkpointEvery, in: 1...Limits.count.upperBound, "--checkpoint-every")
    }
  }
}
