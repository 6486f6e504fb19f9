import Foundation

/// The numeric record of a run as JSON Lines, for debugging a head outside the terminal
/// (jq, pandas, a notebook): a header line, then one line per timestep with every field of the
/// step record under docs/ntm.md's names. docs/trace-format.md documents the schema.
public enum Trace {
  /// The `version` written in every trace header, raised when the schema changes incompatibly.
  public static let formatVersion = 1

  /// The first line of an NTM's trace: what ran, so the trace can be recomputed from its own
  /// fields.
  public static func header(
    configuration: Configuration, task: String, taskParameters: [String: String], seed: UInt64,
    checkpoint: String?, steps: Int
  ) -> String {
    header(
      machine: .ntm(configuration), task: task, taskParameters: taskParameters, seed: seed,
      checkpoint: checkpoint, steps: steps)
  }

  /// The first line of either machine's trace; `machine` names it (`ntm`, `dnc`) and
  /// `configuration` holds its configuration.
  public static func header(
    machine: MachineConfiguration, task: String, taskParameters: [String: String], seed: UInt64,
    checkpoint: String?, steps: Int
  ) -> String {
    var line = JSONLine()
    line.add("type", "header")
    line.add("format", "ntm-trace")
    line.add("version", formatVersion)
    line.add("machine", machine.kind.rawValue)
    line.add("task", task)
    line.addRaw("taskParameters", jsonObject(taskParameters))
    line.addRaw("seed", String(seed))
    line.addRaw("checkpoint", checkpoint.map(JSONLine.quote) ?? "null")
    line.add("steps", steps)
    switch machine {
    case .ntm(let c):
      line.addRaw("configuration", configurationJSON(c))
      line.addRaw("shifts", "[" + c.shifts.map(String.init).joined(separator: ",") + "]")
      line.add("similarityEpsilon", Addressing.similarityEpsilon)
      line.add("sharpeningEpsilon", Addressing.sharpeningEpsilon)
      line.add(
        "order",
        "controller; head parameters; write heads address memoryBefore, erase all, add all -> memory; read heads address memory and read; output"
      )
    case .dnc(let c):
      line.addRaw("configuration", configurationJSON(c))
      line.add("similarityEpsilon", Addressing.similarityEpsilon)
      line.add("linkSharpnessEpsilon", LinkSharpness.epsilon)
      line.add(
        "order",
        "controller; interface; retention; usage; freeList and allocationWeighting; write contentWeighting against memoryBefore and weighting; erase and add -> memory; link from precedenceBefore, then precedence; per read head backwardWeighting, contentWeighting against memory, forwardWeighting, weighting, read; output"
      )
    }
    return line.closed
  }

  /// Runs `machine` on the episode from its initial state and hands each step's line to `write`
  /// as soon as it is computed, so a long trace is never held in memory whole. (Here rather than in
  /// the caller: the library's code for `Float` is specialised, a generic caller's is not.)
  public static func steps(
    _ machine: MachineParameters<Float>, episode: Episode, write: (String) throws -> Void
  ) rethrows {
    var state = machine.initialState()
    for input in episode.inputs {
      let (record, next) = machine.step(from: state, input: input)
      try write(step(record, episode: episode))
      state = next
    }
  }

  /// One timestep of either machine.
  public static func step(_ r: MachineRecord<Float>, episode: Episode) -> String {
    switch r {
    case .ntm(let r): step(r, episode: episode)
    case .dnc(let r): step(r, episode: episode)
    }
  }

  /// The fields every machine's step line begins with: the episode's input, target and phase,
  /// the output and the controller.
  static func stepLine(
    time t: Int, input: [Float], output: [Float], controller record: ControllerRecord<Float>, episode: Episode
  ) -> JSONLine {
    var line = JSONLine()
    line.add("type", "step")
    line.add("t", t)
    line.add("phase", episode.phases[t].rawValue)
    line.add("scored", episode.scored[t])
    line.add("input", input)
    line.add("target", episode.targets[t])
    line.add("output", output)
    var controller = JSONLine()
    controller.add("input", record.input)
    controller.add("hidden", record.layers.map(\.hidden))
    if !record.layers[0].cell.isEmpty {
      controller.add("cell", record.layers.map(\.cell))
    }
    line.addRaw("controller", controller.closed)
    return line
  }

  /// One timestep: the episode's input, target and phase, and the record's every field.
  public static func step(_ r: StepRecord<Float>, episode: Episode) -> String {
    var line = stepLine(
      time: r.time, input: r.input, output: r.output, controller: r.controller, episode: episode)
    line.addRaw("heads", "[" + r.heads.map(head).joined(separator: ",") + "]")
    line.add("memoryBefore", r.memoryBefore.nestedRows)
    line.add("memory", r.memoryAfter.nestedRows)
    line.add("read", r.reads)
    return line.closed
  }

  private static func head(_ h: HeadRecord<Float>) -> String {
    let a = h.addressing
    var line = JSONLine()
    line.add("head", h.id.description)
    line.add("kind", h.id.isWrite ? "write" : "read")
    line.add("previous", a.previous)
    line.add("key", a.key)
    line.add("keyStrength", a.keyStrength)
    line.add("similarity", a.similarity)
    line.add("contentWeighting", a.contentWeighting)
    line.add("interpolationGate", a.interpolationGate)
    line.add("gatedWeighting", a.gatedWeighting)
    line.add("shiftWeighting", a.shiftWeighting)
    line.add("shiftedWeighting", a.shiftedWeighting)
    line.add("sharpening", a.sharpening)
    line.add("weighting", a.weighting)
    switch h.access {
    case .write(let erase, let add):
      line.add("erase", erase)
      line.add("add", add)
    case .read(let read): line.add("read", read)
    }
    return line.closed
  }

  static func jsonObject(_ dictionary: [String: String]) -> String {
    "{"
      + dictionary.keys.sorted().map { JSONLine.quote($0) + ":" + JSONLine.quote(dictionary[$0]!) }
      .joined(separator: ",") + "}"
  }

  static func configurationJSON<C: Encodable>(_ c: C) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(c)) ?? Data("{}".utf8), as: UTF8.self)
  }
}
