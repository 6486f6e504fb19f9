import Foundation
import Testing

@testable import NTM

/// A seeded mutation fuzzer over the trace reader (`ntm view --trace`), run in every `swift test`.
///
/// Each case mutates a trace written by `ntm trace`'s writer for a small model: whole lines
/// (dropped, repeated, cut short), single characters, numbers replaced by boundary values (0, −1,
/// Int.max, 1e999, null, an empty array …) and fields removed. The reader must either throw an error
/// naming the source, or return a run the viewer can step through without trapping.
@Suite("Trace fuzz")
struct TraceFuzzTests {
  static let boundaryValues = [
    "0", "-1", "1", "9223372036854775807", "-9223372036854775808", "1e999", "-1e999", "null", "[]", "[[]]",
    "{}", "\"x\"", "true", "0.5", "[0]", "[null]",
  ]

  /// The lines of a short copy trace of a small machine.
  static func lines() throws -> [String] {
    let task = try CopyTask(vectorWidth: 1, minLength: 1, maxLength: 3)
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.controller) = (4, 2, .lstm(layers: 1, size: 2))
    let parameters = Parameters<Float>(configuration: c, seed: 5)
    var rng = SeededGenerator(seed: 6)
    let episode = task.episode(size: 1, using: &rng)
    let records = Machine.run(parameters, inputs: episode.inputs)
    let header = Trace.header(
      configuration: c, task: task.name, taskParameters: task.parameters, seed: 6, checkpoint: nil,
      steps: episode.length)
    return [header] + records.map { Trace.step($0, episode: episode) }
  }

  static func mutate(_ lines: [String], trial: Int, using rng: inout SeededGenerator) -> String {
    var lines = lines
    let pick = rng.int(in: 0...(lines.count - 1))
    switch trial % 7 {
    case 0: lines.remove(at: pick)
    case 1: lines.insert(lines[pick], at: rng.int(in: 0...lines.count))
    case 2: lines[pick] = String(lines[pick].prefix(rng.int(in: 0...lines[pick].count)))
    case 3:
      var bytes = Array(lines[pick].utf8)
      bytes[rng.int(in: 0...(bytes.count - 1))] = UInt8(rng.int(in: 32...126))
      lines[pick] = String(decoding: bytes, as: UTF8.self)
    case 4:
      // A whole field removed.
      let keys = lines[pick].ranges(of: /"[a-zA-Z]+":/)
      if let range = keys.isEmpty ? nil : keys[rng.int(in: 0...(keys.count - 1))] {
        lines[pick].replaceSubrange(range, with: "\"removed\":")
      }
    default:
      // A number, or an array of numbers, replaced by a boundary value.
      let targets = lines[pick].ranges(of: trial % 7 == 5 ? /-?[0-9][0-9.e+-]*/ : /\[[^\[\]]*\]/)
      if !targets.isEmpty {
        let range = targets[rng.int(in: 0...(targets.count - 1))]
        lines[pick].replaceSubrange(range, with: boundaryValues[rng.int(in: 0...(boundaryValues.count - 1))])
      }
    }
    return lines.joined(separator: "\n")
  }

  /// What the viewer does with a run it read; none of it may trap.
  static func use(_ replay: ReplayedTrace) {
    let run = replay.run
    for t in [nil] + Array(0..<run.length) {
      _ = run.memory(after: t)
      _ = run.weightings(after: t)
      _ = run.cost(through: t)
      _ = run.locationsUsed(through: t, heads: 0..<run.heads.count)
    }
    for condition in [StepCondition.wrongBit, .notANumber] {
      _ = run.firstStep(where: condition)
    }
    for head in run.heads.indices {
      for name in HeadMeasure.names { _ = run.measure(name, ofHead: head, at: run.length - 1) }
    }
  }

  @Test("1,000 mutated traces either read whole and step, or are refused naming the file")
  func mutations() throws {
    let lines = try Self.lines()
    Self.use(try TraceReader.read(lines.joined(separator: "\n"), source: "fuzz.jsonl"))
    var rng = SeededGenerator(seed: 77)
    var (read, refused) = (0, 0)
    for trial in 0..<1_000 {
      let text = Self.mutate(lines, trial: trial, using: &rng)
      do {
        Self.use(try TraceReader.read(text, source: "fuzz.jsonl"))
        read += 1
      } catch {
        #expect(error.source == "fuzz.jsonl", "trial \(trial)")
        refused += 1
      }
    }
    #expect(read > 25, "\(read) read")
    #expect(refused > 250, "\(refused) refused")
  }
}
