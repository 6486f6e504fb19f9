import Foundation

/// The numeric record of a run as JSON Lines, for debugging a head outside the terminal
/// (jq, pandas, a notebook): a header line, then one line per timestep with every field of the
/// step record under docs/ntm.md's names. docs/trace-format.md documents the schema.
public enum Trace {
  /// The `version` written in every trace header, raised when the schema changes incompatibly.
  public static let formatVersion = 1

  /// The first line: what ran, so the trace can be recomputed from its own fields.
  public static func header(
    configuration: Configuration, task: String, taskParameters: [String: String], seed: UInt64,
    checkpoint: String?, steps: Int
  ) -> String {
    var line = JSONLine()
    line.add("type", "header")
    line.add("format", "ntm-trace")
    line.add("version", formatVersion)
    line.add("task", task)
    line.addRaw("taskParameters", jsonObject(taskParameters))
    line.addRaw("seed", String(seed))
    line.addRaw("checkpoint", checkpoint.map(JSONLine.quote) ?? "null")
    line.add("steps", steps)
    line.addRaw("configuration", configurationJSON(configuration))
    line.addRaw("shifts", "[" + configuration.shifts.map(String.init).joined(separator: ",") + "]")
    line.add("similarityEpsilon", Addressing.similarityEpsilon)
    line.add("sharpeningEpsilon", Addressing.sharpeningEpsilon)
    line.add(
      "order",
      "controller; head parameters; write heads address memoryBefore, erase all, add all -> memory; read heads address memory and read; output"
    )
    return line.closed
  }

  /// One timestep: the episode's input, target and phase, and the record's every field.
  public static func step(_ r: StepRecord<Float>, episode: Episode) -> String {
    let t = r.time
    var line = JSONLine()
    line.add("type", "step")
    line.add("t", t)
    line.add("phase", episode.phases[t].rawValue)
    line.add("scored", episode.scored[t])
    line.add("input", r.input)
    line.add("target", episode.targets[t])
    line.add("output", r.output)
    var controller = JSONLine()
    controller.add("input", r.controller.input)
    controller.add("hidden", r.controller.layers.map(\.hidden))
    if !r.controller.layers[0].cell.isEmpty {
      controller.add("cell", r.controller.layers.map(\.cell))
    }
    line.addRaw("controller", controller.closed)
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

  static func configurationJSON(_ c: Configuration) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(c)) ?? Data("{}".utf8), as: UTF8.self)
  }
}
