import ArgumentParser
import Foundation
import NTM
import NTMTerminal

/// `ntm playground --trace FILE --step T --head read0`: the playground on a real head at a real
/// step, read from a trace (the same as `o` in `ntm view`). Pulled into `PlaygroundCommand` with
/// one `@OptionGroup`.
struct PlaygroundTraceOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Open on a model's head at one step of this trace (ntm trace's, with its addressing fields).",
      valueName: "file"))
  var trace: String?
  @Option(parsing: .unconditional, help: ArgumentHelp("With --trace: the step t.", valueName: "t"))
  var step: Int?
  @Option(help: ArgumentHelp("With --trace: the head, e.g. read0 or write0.", valueName: "name"))
  var head = "read0"

  func validate() throws {
    if trace == nil, step != nil {
      throw ValidationError("--step picks a step of a trace: give --trace FILE too")
    }
    if trace != nil, step == nil {
      throw ValidationError("--trace opens one step: give --step T too")
    }
  }

  /// The playground on that head and step, or nil without --trace.
  func initialState() throws -> PlaygroundState? {
    guard let trace, let step else { return nil }
    let replay: ReplayedTrace
    do { replay = try TraceReader.read(contentsOf: URL(fileURLWithPath: trace)) } catch {
      throw CommandError(error.description)
    }
    let run = replay.run
    let file = URL(fileURLWithPath: trace).lastPathComponent
    guard (0..<run.length).contains(step) else {
      throw CommandError("--step \(step): \(file) has steps 0…\(run.length - 1)")
    }
    let names = run.heads.map(\.description)
    guard let h = names.firstIndex(of: head) else {
      throw CommandError("--head \(head): \(file) has the heads \(names.joined(separator: ", "))")
    }
    // The trace reader reads only NTM traces, so a record with addressing is an NTM's.
    guard run.hasAddressing, case .ntm(let record) = run.records[step] else {
      throw CommandError(
        "\(file) holds only the heads' final weightings; the playground needs each head's key, β, g, s and γ (its addressing fields)"
      )
    }
    // The checkpoint by its file name: a full path would push the title off a narrow screen.
    let source = replay.checkpoint.map { URL(fileURLWithPath: $0).lastPathComponent } ?? file
    let what = [replay.taskName, source].compactMap { $0 }.joined(separator: " · ")
    return PlaygroundState(
      head: record.heads[h], memory: record.addressedMemory(by: record.heads[h].id), shifts: run.shifts,
      title: "\(head) at t = \(step) · \(what)")
  }
}
