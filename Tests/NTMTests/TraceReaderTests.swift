import Foundation
import Testing

@testable import NTM

/// `TraceReader` against `ntm trace`'s own lines (everything comes back) and against traces
/// written here by hand, as another implementation would write them: the minimum fields only,
/// and malformed lines whose errors must name the line and the field.
@Suite("Trace reader")
struct TraceReaderTests {
  /// A trace as a PyTorch NTM might dump it, written without the library's writer: a write head
  /// walking up memory one location per step and a read head one step behind, N = 8, M = 3,
  /// with only the fields the reader requires (and targets, so that wrong bits can be counted).
  static func foreignTrace(steps: Int = 6, wrongAt: Int = 4) -> [[String: Any]] {
    (0..<steps).map { t in
      func oneHot(_ i: Int) -> [Double] { (0..<8).map { $0 == i % 8 ? 0.9 : 0.1 / 7 } }
      let memory = (0..<8).map { i in (0..<3).map { j in i <= t ? Double(i + j) / 10 : 0 } }
      let target = [Double(t % 2), 1]
      var output = target.map { $0 == 1 ? 0.9 : 0.1 }
      if t == wrongAt { output[0] = 1 - output[0] }
      return [
        "t": t, "input": [Double(t % 2), 0, 1], "output": output, "target": target, "scored": t >= 2,
        "memory": memory,
        "heads": [
          ["head": "write0", "weighting": oneHot(t)], ["head": "read0", "weighting": oneHot(t + 7)],
        ],
      ]
    }
  }

  static func text(_ lines: [[String: Any]]) throws -> String {
    try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
      .joined(separator: "\n") + "\n"
  }

  @Test func ntmTracesOwnLinesComeBackExactly() throws {
    let run = try TraceTests.run()
    let replay = try TraceReader.read(run.lines.joined(separator: "\n"), source: "own.jsonl")
    #expect(replay.task?.name == "copy" && replay.taskName == "copy")
    #expect(replay.checkpoint == "untrained (seed 7)")
    let read = replay.run
    #expect(read.hasAddressing && read.shifts == -2...1)
    #expect(read.episode == run.episode)
    #expect(read.heads == run.records[0].heads.map(\.id))
    for (a, b) in zip(read.ntmRecords, run.records) {
      #expect(a.output == b.output && a.memoryAfter == b.memoryAfter && a.memoryBefore == b.memoryBefore)
      for (x, y) in zip(a.heads, b.heads) {
        var expected = y.addressing
        (expected.rowNorms, expected.keyDots, expected.logShifted) = ([], [], [])
        #expect(x.addressing == expected)
        #expect(x.access == y.access)
      }
      #expect(a.controller.layers.map(\.hidden) == b.controller.layers.map(\.hidden))
      #expect(a.controller.layers.map(\.cell) == b.controller.layers.map(\.cell))
    }
    // The measures and wrong bits are those of the run the trace was written from.
    let original = RecordedRun(
      episode: run.episode, records: run.records, shifts: -2...1, hasAddressing: true)
    #expect(read.wrongBits == original.wrongBits)
    #expect(read.measures == original.measures)
    #expect(read.reading == TraceTests.task.reading(of: run.episode))
  }

  @Test func aForeignTraceWithTheMinimumFieldsReplays() throws {
    let replay = try TraceReader.read(try Self.text(Self.foreignTrace()), source: "foreign.jsonl")
    let run = replay.run
    #expect(replay.task == nil && replay.taskName == nil)
    #expect(!run.hasAddressing && run.length == 6 && run.locations == 8 && run.memoryWidth == 3)
    #expect(run.heads == [.write(0), .read(0)])
    #expect(run.wrongBits == [0, 0, 0, 0, 1, 0])
    #expect(run.episode.scored == [false, false, true, true, true, true])
    #expect(run.episode.phases == [.input, .input, .output, .output, .output, .output])
    // Only the measures a weighting gives.
    #expect(run.measures[0][0].map(\.name) == ["focus", "weight", "entropy", "width"])
    #expect(run.measure("focus", ofHead: 0, at: 3) == 3 && run.measure("focus", ofHead: 1, at: 3) == 2)
    // Memory before a step is the step before's memory; before step 0, zeros.
    #expect(run.records[2].memoryBefore == run.records[1].memoryAfter)
    #expect(run.memory(after: nil).values.allSatisfy { $0 == 0 })
    #expect(run.weightings(after: nil) == [[Float]](repeating: [Float](repeating: 0, count: 8), count: 2))
    #expect(run.firstStep(where: .wrongBit) == 4)
    #expect(throws: StepConditionError.self) { try StepCondition(parsing: "read0.g>0.5").validate(for: run) }
    // Heads listed read first still come out write heads first; other names need a kind.
    var lines = Self.foreignTrace()
    for i in lines.indices {
      var heads = lines[i]["heads"] as! [[String: Any]]
      heads = [
        ["head": "r", "kind": "read", "weighting": heads[1]["weighting"]!],
        ["head": "w", "kind": "write", "weighting": heads[0]["weighting"]!],
      ]
      lines[i]["heads"] = heads
    }
    let reordered = try TraceReader.read(try Self.text(lines), source: "reordered.jsonl").run
    #expect(reordered.heads == [.write(0), .read(0)])
    #expect(reordered.measure("focus", ofHead: 0, at: 3) == 3)
  }

  /// Each malformed trace is refused with the file, the line and the field named.
  @Test func malformedTracesNameTheLineAndTheField() throws {
    func failure(_ lines: [[String: Any]], _ extra: String? = nil) throws -> String {
      var text = try Self.text(lines)
      if let extra { text += extra }
      do {
        _ = try TraceReader.read(text, source: "bad.jsonl")
        return "no error"
      } catch {
        return error.description
      }
    }
    var lines = Self.foreignTrace()
    #expect(try failure(lines, "{not json\n") == "bad.jsonl:7: not a JSON object")
    #expect(
      try failure([["type": "header", "machine": "dnc"]] + lines)
        == "bad.jsonl:1: machine: is dnc; only an NTM's trace can be replayed here")
    #expect(try failure([["type": "header", "machine": "ntm"]] + lines) == "no error")
    lines[2]["t"] = 5
    #expect(try failure(lines) == "bad.jsonl:3: t: is 5, expected 2 (steps count 0, 1, … in order)")
    lines = Self.foreignTrace()
    var heads = lines[1]["heads"] as! [[String: Any]]
    heads[1]["weighting"] = nil
    lines[1]["heads"] = heads
    #expect(try failure(lines) == "bad.jsonl:2: heads[1].weighting: missing")
    heads[1]["weighting"] = [0.5, 0.5]
    lines[1]["heads"] = heads
    #expect(try failure(lines) == "bad.jsonl:2: heads[1].weighting: 2 values, expected 8")
    lines = Self.foreignTrace()
    lines[3]["input"] = [0, "one", 1]
    #expect(try failure(lines) == "bad.jsonl:4: input[1]: is not a number")
    lines = Self.foreignTrace()
    lines[0]["memory"] = nil
    #expect(try failure(lines) == "bad.jsonl:1: memory: missing")
    lines = Self.foreignTrace()
    heads = lines[0]["heads"] as! [[String: Any]]
    heads[0]["keyStrength"] = 3
    lines[0]["heads"] = heads
    #expect(
      try failure(lines).hasPrefix("bad.jsonl:1: heads[0].previous: missing: a head's addressing fields"))
    lines = Self.foreignTrace()
    heads = lines[0]["heads"] as! [[String: Any]]
    heads[0]["head"] = "controller"
    lines[0]["heads"] = heads
    #expect(try failure(lines).hasPrefix("bad.jsonl:1: heads[0].kind: say \"write\" or \"read\""))
    lines = Self.foreignTrace()
    lines[5]["output"] = [0.5]
    #expect(try failure(lines) == "bad.jsonl:6: output: 1 values, step 0 has 2")
    lines = Self.foreignTrace()
    let header: [String: Any] = ["type": "header", "steps": 9]
    #expect(try failure([header] + lines) == "bad.jsonl:1: steps: the header says 9 steps, the file has 6")
    #expect(try failure([]) == "bad.jsonl: holds no step lines")
    #expect(
      try failure([["type": "remark"]])
        == "bad.jsonl:1: type: neither a header nor a step (it has no \"type\" and no \"t\")")
    let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).jsonl")
    #expect(throws: TraceError.self) { try TraceReader.read(contentsOf: missing) }
  }
}
