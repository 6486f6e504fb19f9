import Foundation
import Testing

@testable import NTM

/// A trace written with `Trace.header` and `Trace.step` parses as JSON Lines, carries every
/// documented field, and gives back exactly the Floats the machine computed.
@Suite("Trace")
struct TraceTests {
  /// Copy with 3-bit vectors; two heads of each kind so that head order shows.
  static let task = try! CopyTask(vectorWidth: 3, minLength: 1, maxLength: 5)

  static let configuration: Configuration = {
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 10
    c.memoryWidth = 5
    c.controller = .lstm(layers: 2, size: 7)
    c.readHeads = 2
    c.writeHeads = 2
    c.shifts = -2...1
    return c
  }()

  struct Run {
    var episode: Episode
    var records: [StepRecord<Float>]
    var lines: [String]
  }

  static func run() throws -> Run {
    var rng = SeededGenerator(seed: 7)
    let episode = try task.checkedEpisode(size: 3, using: &rng)
    let records = Machine.run(
      Parameters<Float>(configuration: configuration, seed: 7), inputs: episode.inputs)
    let header = Trace.header(
      configuration: configuration, task: task.name, taskParameters: task.parameters, seed: 7,
      checkpoint: "untrained (seed 7)", steps: episode.length)
    return Run(
      episode: episode, records: records, lines: [header] + records.map { Trace.step($0, episode: episode) })
  }

  static func parse(_ line: String) throws -> [String: Any] {
    #expect(!line.contains("\n"), "a trace line must be one line")
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(object as? [String: Any])
  }

  // MARK: Header

  @Test("the header names the run, the configuration and the constants to recompute it")
  func header() throws {
    let run = try Self.run()
    let h = try Self.parse(run.lines[0])
    #expect(h["type"] as? String == "header")
    #expect(h["format"] as? String == "ntm-trace")
    #expect((h["version"] as? NSNumber)?.intValue == Trace.formatVersion)
    #expect(h["task"] as? String == "copy")
    #expect(
      h["taskParameters"] as? [String: String] == ["vectorWidth": "3", "minLength": "1", "maxLength": "5"])
    #expect((h["seed"] as? NSNumber)?.intValue == 7)
    #expect(h["checkpoint"] as? String == "untrained (seed 7)")
    #expect((h["steps"] as? NSNumber)?.intValue == run.episode.length)
    #expect((h["shifts"] as? [NSNumber])?.map(\.intValue) == [-2, -1, 0, 1])
    #expect((h["similarityEpsilon"] as? NSNumber)?.doubleValue == Addressing.similarityEpsilon)
    #expect((h["sharpeningEpsilon"] as? NSNumber)?.doubleValue == Addressing.sharpeningEpsilon)
    #expect((h["order"] as? String)?.contains("write heads address memoryBefore") == true)
    // The configuration object decodes back to the configuration.
    let json = try JSONSerialization.data(withJSONObject: try #require(h["configuration"]))
    #expect(try JSONDecoder().decode(Configuration.self, from: json) == Self.configuration)
  }

  @Test("a null checkpoint is written as JSON null")
  func nullCheckpoint() throws {
    let line = Trace.header(
      configuration: Self.configuration, task: "copy", taskParameters: [:], seed: 1, checkpoint: nil, steps: 0
    )
    #expect(try Self.parse(line)["checkpoint"] is NSNull)
  }

  // MARK: Steps

  static let stepFields = [
    "type", "t", "phase", "scored", "input", "target", "output", "controller", "heads", "memoryBefore",
    "memory", "read",
  ]
  static let headFields = [
    "head", "kind", "previous", "key", "keyStrength", "similarity", "contentWeighting", "interpolationGate",
    "gatedWeighting", "shiftWeighting", "shiftedWeighting", "sharpening", "weighting",
  ]

  /// A parsed JSON number as a Float: exact when the writer used Float's shortest round-trip form.
  static func float(_ value: Any?) -> Float? { (value as? NSNumber).map { Float($0.doubleValue) } }
  static func floats(_ value: Any?) -> [Float]? {
    (value as? [Any]).flatMap { array in
      let parsed = array.compactMap(float)
      return parsed.count == array.count ? parsed : nil
    }
  }
  static func rows(_ value: Any?) -> [[Float]]? {
    (value as? [Any]).flatMap { array in
      let parsed = array.compactMap(floats)
      return parsed.count == array.count ? parsed : nil
    }
  }

  @Test("every step has every documented field")
  func stepFieldsPresent() throws {
    let run = try Self.run()
    #expect(run.lines.count == run.episode.length + 1)
    for (t, line) in run.lines.dropFirst().enumerated() {
      let step = try Self.parse(line)
      for field in Self.stepFields { #expect(step[field] != nil, "step \(t) lacks '\(field)'") }
      #expect(step["type"] as? String == "step")
      #expect((step["t"] as? NSNumber)?.intValue == t)
      #expect(step["phase"] as? String == run.episode.phases[t].rawValue)
      #expect((step["scored"] as? NSNumber)?.boolValue == run.episode.scored[t])
      let controller = try #require(step["controller"] as? [String: Any])
      for field in ["input", "hidden", "cell"] {
        #expect(controller[field] != nil, "step \(t) controller.\(field)")
      }
      let heads = try #require(step["heads"] as? [[String: Any]])
      #expect(heads.map { $0["head"] as? String } == ["write0", "write1", "read0", "read1"])
      for head in heads {
        let name = head["head"] as? String ?? "?"
        for field in Self.headFields { #expect(head[field] != nil, "step \(t) \(name) lacks '\(field)'") }
        let isWrite = name.hasPrefix("write")
        #expect(head["kind"] as? String == (isWrite ? "write" : "read"))
        #expect((head["erase"] != nil) == isWrite, "step \(t) \(name): erase")
        #expect((head["add"] != nil) == isWrite, "step \(t) \(name): add")
        #expect((head["read"] != nil) == !isWrite, "step \(t) \(name): read")
      }
    }
  }

  @Test("every number parses back to exactly the Float in the step record")
  func numbersAreExact() throws {
    let run = try Self.run()
    var compared = 0
    func same(_ parsed: [Float]?, _ original: [Float], _ label: String) {
      #expect(parsed == original, "\(label)")
      compared += original.count
    }
    func same(_ parsed: Float?, _ original: Float, _ label: String) {
      #expect(parsed == original, "\(label)")
      compared += 1
    }
    for (t, record) in run.records.enumerated() {
      let step = try Self.parse(run.lines[t + 1])
      same(Self.floats(step["input"]), record.input, "step \(t) input")
      same(Self.floats(step["target"]), run.episode.targets[t], "step \(t) target")
      same(Self.floats(step["output"]), record.output, "step \(t) output")
      #expect(Self.rows(step["memoryBefore"]) == record.memoryBefore.nestedRows, "step \(t) memoryBefore")
      #expect(Self.rows(step["memory"]) == record.memoryAfter.nestedRows, "step \(t) memory")
      compared += 2 * record.memoryAfter.values.count
      #expect(Self.rows(step["read"]) == record.reads, "step \(t) read")
      let controller = try #require(step["controller"] as? [String: Any])
      same(Self.floats(controller["input"]), record.controller.input, "step \(t) controller.input")
      #expect(Self.rows(controller["hidden"]) == record.controller.layers.map(\.hidden), "step \(t) hidden")
      #expect(Self.rows(controller["cell"]) == record.controller.layers.map(\.cell), "step \(t) cell")
      let heads = try #require(step["heads"] as? [[String: Any]])
      for (head, h) in zip(record.heads, heads) {
        let a = head.addressing
        let label = "step \(t) \(head.id)"
        same(Self.floats(h["previous"]), a.previous, "\(label) previous")
        same(Self.floats(h["key"]), a.key, "\(label) key")
        same(Self.float(h["keyStrength"]), a.keyStrength, "\(label) keyStrength")
        same(Self.floats(h["similarity"]), a.similarity, "\(label) similarity")
        same(Self.floats(h["contentWeighting"]), a.contentWeighting, "\(label) contentWeighting")
        same(Self.float(h["interpolationGate"]), a.interpolationGate, "\(label) interpolationGate")
        same(Self.floats(h["gatedWeighting"]), a.gatedWeighting, "\(label) gatedWeighting")
        same(Self.floats(h["shiftWeighting"]), a.shiftWeighting, "\(label) shiftWeighting")
        same(Self.floats(h["shiftedWeighting"]), a.shiftedWeighting, "\(label) shiftedWeighting")
        same(Self.float(h["sharpening"]), a.sharpening, "\(label) sharpening")
        same(Self.floats(h["weighting"]), a.weighting, "\(label) weighting")
        switch head.access {
        case .write(let erase, let add):
          same(Self.floats(h["erase"]), erase, "\(label) erase")
          same(Self.floats(h["add"]), add, "\(label) add")
        case .read(let read): same(Self.floats(h["read"]), read, "\(label) read")
        }
      }
    }
    // Sanity: the loop really compared the numbers (thousands of them).
    #expect(compared > 1000)
  }

  /// Awkward Floats survive the writer: subnormals, the extremes, an integer beyond 2²⁴, negative
  /// zero (written as 0, which compares equal), and values needing nine significant digits.
  @Test("awkward Floats round-trip through the JSON writer")
  func awkwardFloats() throws {
    let values: [Float] = [
      .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      16_777_218, 1e-6, -0.0, 0.1, 1 / 3, .pi, 123_456.79, -9.999_999e-21, Float(bitPattern: 0x3F80_0001),
    ]
    let parsed = try JSONSerialization.jsonObject(with: Data(JSONLine.array(values).utf8))
    #expect(Self.floats(parsed) == values)
    #expect(JSONLine.number(Float.nan) == "null")
    #expect(JSONLine.number(Float.infinity) == "null")
  }
}
