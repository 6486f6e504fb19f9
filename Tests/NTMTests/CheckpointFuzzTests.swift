import Foundation
import Testing

@testable import NTM

/// A seeded mutation fuzzer over the checkpoint loader, run in every `swift test` (the CI form of
/// fuzzing; `.ci/fuzz/` has a libFuzzer harness for longer runs by hand).
///
/// Each case mutates a valid checkpoint: its bytes (truncation, bit flips, random header bytes,
/// digit swaps that keep the header valid JSON), or one metadata value with a boundary value (0, −1, Int.max, 2⁶⁴, NaN, ∞, 1e999,
/// an escape sequence, nothing). The loader must either throw an error naming the source, or
/// return a checkpoint that the later commands can use without crashing: its task builds, its
/// resource checks run, a sequence steps through it, and (for every tenth) a training step either
/// runs or stops with an error. A crash fails the whole run.
@Suite("Checkpoint fuzz")
struct CheckpointFuzzTests {
  static let boundaryValues = [
    "0", "-1", "1", "2", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e308",
    "1e999",
    "-1e999", "nan", "inf", "-0", "0.5", "4097", "65537", "100001", "\u{1B}[2J", "", " 3", "3x", "[]", "{}",
    "null",
  ]

  /// One mutation of `data`, chosen by `trial`.
  static func mutate(_ data: Data, _ file: SafeTensors, trial: Int, using rng: inout SeededGenerator) -> Data
  {
    let headerLength = data.prefix(8).withUnsafeBytes {
      Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)))
    }
    var corrupt = data
    switch trial % 7 {
    case 0:
      corrupt = corrupt.prefix(rng.int(in: 0...(data.count - 1)))
    case 1:
      for _ in 0..<rng.int(in: 1...4) {
        corrupt[rng.int(in: 0...(data.count - 1))] ^= UInt8(1) << UInt8(rng.int(in: 0...7))
      }
    case 2:
      corrupt[rng.int(in: 0...(8 + headerLength - 1))] = UInt8(rng.int(in: 0...255))
    case 3:
      // A digit of the header swapped for another: the JSON stays valid, and a size, an offset or
      // a count changes.
      let digits = (8..<(8 + headerLength)).filter { (48...57).contains(data[$0]) }
      for _ in 0..<rng.int(in: 1...2) {
        corrupt[digits[rng.int(in: 0...(digits.count - 1))]] = UInt8(48 + rng.int(in: 0...9))
      }
    default:
      // A number (or a whole value) inside one metadata entry replaced by a boundary value.
      var mutated = file
      let keys = mutated.metadata.keys.sorted()
      let key = keys[rng.int(in: 0...(keys.count - 1))]
      let value = mutated.metadata[key]!
      let replacement = boundaryValues[rng.int(in: 0...(boundaryValues.count - 1))]
      let numbers = value.ranges(of: /-?[0-9][0-9.e+-]*/)
      if trial % 7 == 6 || numbers.isEmpty {
        mutated.metadata[key] = replacement
      } else {
        let range = numbers[rng.int(in: 0...(numbers.count - 1))]
        mutated.metadata[key] = value.replacingCharacters(in: range, with: replacement)
      }
      corrupt = (try? mutated.encoded()) ?? data
    }
    return corrupt
  }

  /// Everything a loaded checkpoint must satisfy, however its bytes were damaged.
  static func checkWhole(_ c: Checkpoint, _ label: String) throws {
    try c.configuration.validate()
    #expect(c.parameters.layout == c.configuration.parameterLayout, "\(label)")
    #expect(c.parameters.values.count == c.parameters.layout.count, "\(label)")
    #expect(c.parameters.values.allSatisfy { $0.isFinite }, "\(label)")
    let task = try c.makeTask()
    #expect(task.inputWidth == c.configuration.inputWidth, "\(label)")
    #expect(task.outputWidth == c.configuration.outputWidth, "\(label)")
    if let state = c.optimizerState {
      let n = c.parameters.values.count
      #expect(state.first.count == n && state.second.count == n && state.mean.count == n, "\(label)")
      #expect(
        (state.first + state.second + state.mean).allSatisfy { $0.isFinite },
        "\(label): non-finite optimizer state")
    }
  }

  /// What a later command does with a checkpoint it loaded; none of it may trap. With `train`, a
  /// training step too, on one sequence (a debug build's training step costs milliseconds).
  static func use(_ checkpoint: Checkpoint, train: Bool) throws {
    let task = try checkpoint.makeTask()
    let c = checkpoint.configuration
    let size = task.trainingSizes.lowerBound
    try Footprint.checkRun(c, steps: task.maximumSteps(size: size), field: "size", value: "\(size)")
    var rng = SeededGenerator(seed: 1)
    let episode = task.episode(size: size, using: &rng)
    let records = checkpoint.parameters.run(inputs: Array(episode.inputs.prefix(4)))
    #expect(records.count == min(4, episode.length))
    guard var settings = checkpoint.training else { return }
    try settings.validate()
    try Footprint.checkTraining(c, task: task, settings: settings)
    guard train, task.maximumSteps(size: task.trainingSizes.upperBound) <= 64 else { return }
    settings.threads = 1
    settings.batchSize = 1
    let trainer = Trainer(
      task: task, parameters: checkpoint.parameters, settings: settings,
      optimizerState: checkpoint.optimizerState,
      sequencesSeen: checkpoint.sequencesSeen, updates: checkpoint.updates)
    do { try trainer.trainBatch() } catch is TrainingError {}  // a clean stop is fine
  }

  @Test("2,000 mutated checkpoints either load whole and work, or are refused naming the file")
  func mutations() throws {
    let file = CheckpointTests.sample().safeTensors()
    let data = try file.encoded()
    var rng = SeededGenerator(seed: 2024)
    var (loaded, refused) = (0, 0)
    for trial in 0..<2_000 {
      let corrupt = Self.mutate(data, file, trial: trial, using: &rng)
      do {
        let checkpoint = try Checkpoint(
          try SafeTensors(data: corrupt, source: "fuzz.safetensors"), source: "fuzz.safetensors")
        try Self.checkWhole(checkpoint, "trial \(trial)")
        try Self.use(checkpoint, train: trial % 10 == 0)
        loaded += 1
      } catch let error as SafeTensorsError {
        #expect(error.source == "fuzz.safetensors", "trial \(trial)")
        #expect(PrintableText.isPrintable(error.problem), "trial \(trial): \(error.problem.debugDescription)")
        refused += 1
      } catch let error as CheckpointError {
        #expect(error.source == "fuzz.safetensors", "trial \(trial)")
        #expect(PrintableText.isPrintable(error.problem), "trial \(trial): \(error.problem.debugDescription)")
        refused += 1
      } catch {
        Issue.record("trial \(trial): a loaded checkpoint failed later with \(error)")
      }
    }
    // Both outcomes occur: damage to values or unused digits still loads, most damage does not.
    #expect(loaded > 100, "\(loaded) loaded")
    #expect(refused > 700, "\(refused) refused")
  }
}
