import Foundation
import NTMAssets
import Testing

@testable import NTM

/// Every shipped model computes exactly what it computed before the machines were put behind
/// one abstraction (issue 14): the same evaluation table, bit for bit, and the same trace lines.
///
/// The expected values in `ShippedModelFixtures` were produced once by the code before that
/// change (see its comment for the commit and how to produce them again); a change that moves a
/// single bit of any model's output, memory, weighting or controller state fails here.
@Suite struct ShippedModelRegressionTests {
  @Test(arguments: ShippedModelFixtures.expected.keys.sorted())
  func shippedModelComputesWhatItDid(_ name: String) throws {
    let expected = try #require(ShippedModelFixtures.expected[name])
    let measured = try Self.measure(name)
    #expect(measured.traceDigest == expected.traceDigest, "\(name): the trace's step lines changed")
    #expect(measured.table == expected.table, "\(name): the evaluation table changed")
  }

  @Test func everyShippedModelHasAFixture() throws {
    for name in try Self.shippedNames() {
      #expect(ShippedModelFixtures.expected[name] != nil, "no fixture for the shipped \(name) model")
    }
  }

  /// Writes the fixtures as Swift source to the file `NTM_RECORD_SHIPPED_FIXTURES` names (only
  /// then: the test does nothing otherwise).
  @Test func recordFixtures() throws {
    guard let path = ProcessInfo.processInfo.environment["NTM_RECORD_SHIPPED_FIXTURES"] else { return }
    var lines: [String] = []
    for name in try Self.shippedNames() {
      let m = try Self.measure(name)
      let rows = m.table.map { ".init(\($0.size), \($0.bitErrors), \($0.bits))" }.joined(separator: ", ")
      lines.append(
        "    \"\(name)\": .init(traceDigest: \"\(m.traceDigest)\", table: [\(rows)]),")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// The names of every checkpoint in the models folder: those named for a task and machine,
  /// and those shipped beside them (`priority-sort-feedforward`, the paper's architecture).
  static func shippedNames() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: ShippedModels.folder().path)
      .filter { $0.hasSuffix(".safetensors") }.map { String($0.dropLast(".safetensors".count)) }.sorted()
  }

  /// The trace of one episode (seed 7, the task's training range, as `ntm trace --seed 7`
  /// draws it) and the first row of the evaluation table (4 sequences, seed 1).
  static func measure(_ name: String) throws -> ShippedModelFixtures.Measured {
    let checkpoint = try Checkpoint.load(from: try #require(try ShippedModels.url(for: name)))
    let task = try checkpoint.makeTask()
    var rng = SeededGenerator(seed: 7)
    let episode = task.episode(using: &rng)
    var lines: [String] = []
    Trace.steps(checkpoint.parameters, episode: episode) { lines.append($0) }
    let steps = lines.joined(separator: "\n")
    let rows = try Evaluation.table(
      checkpoint.parameters, task: task, sizes: Array(task.evaluationSizes.prefix(1)), sequences: 4,
      seed: 1, threads: 2)
    return .init(
      traceDigest: ShippedModelFixtures.digest(steps),
      table: rows.map { .init($0.size, $0.meanBitErrors, $0.meanBits) })
  }
}
