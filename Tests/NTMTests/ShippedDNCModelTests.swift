import Foundation
import NTMAssets
import Testing

@testable import NTM

/// The shipped DNC models do what their cards say they learned, read from their own step records:
/// the copy model recalls by following the temporal links forward, the memory-reuse model frees
/// the locations it has recalled and allocates them again for later rounds, and the
/// associative-recall model finds the answer by content and reads it along the links.
@Suite struct ShippedDNCModelTests {
  static func records(_ name: String, size: Int, seed: UInt64) throws -> (Episode, [DNCStepRecord<Float>]) {
    let checkpoint = try Checkpoint.load(from: try #require(try ShippedModels.url(for: name)))
    let dnc: DNCParameters<Float>? = if case .dnc(let p) = checkpoint.parameters { p } else { nil }
    let parameters = try #require(dnc, "\(name) is not a DNC")
    var rng = SeededGenerator(seed: seed)
    let episode = try checkpoint.makeTask().episode(size: size, using: &rng)
    return (episode, DNC.run(parameters, inputs: episode.inputs))
  }

  static func focus(_ w: [Float]) -> Int { w.indices.max { w[$0] < w[$1] }! }

  @Test func copyModelFollowsTheLinksForwardDuringRecall() throws {
    let (episode, records) = try Self.records("dnc-copy", size: 20, seed: 5)
    let recall = episode.phases.indices.filter { episode.phases[$0] == .output }
    #expect(recall.count == 20)
    let written = (0..<20).map { Self.focus(records[$0].write.weighting) }
    #expect(Set(written).count == 20, "the input steps were written to \(written)")
    // After the first recall step, which finds the sequence's start, each read takes the
    // forward mode: π forward above one half, and the read lands where the next vector went.
    for (k, t) in recall.enumerated().dropFirst() {
      let mode = DNCInterface(records[t].interface, readHeads: 1).reads[0].readMode
      #expect(mode[2] > 0.5, "recall step \(k): π = \(mode)")
      #expect(Self.focus(records[t].readHeads[0].weighting) == written[k], "recall step \(k) read elsewhere")
    }
  }

  @Test func memoryReuseModelFreesAndReallocates() throws {
    let (episode, records) = try Self.records("dnc-memory-reuse", size: 4, seed: 3)
    let n = records[0].usage.count
    var everWritten: Set<Int> = []
    var (recalls, freed, reused, inputs) = (0, 0, 0, 0)
    for t in records.indices {
      let record = records[t]
      switch episode.phases[t] {
      case .input:
        // A vector is stored: count those that go, by allocation, to a location written before.
        let target = Self.focus(record.write.weighting)
        inputs += 1
        let gate = DNCInterface(record.interface, readHeads: 1).write.allocationGate
        if everWritten.contains(target) && gate > 0.5 { reused += 1 }
        everWritten.insert(target)
      case .output where t + 1 < records.count:
        // A vector is recalled: the next step's retention lets go of where it was read.
        recalls += 1
        if records[t + 1].retention[Self.focus(record.readHeads[0].weighting)] <= 0.25 { freed += 1 }
      default: break
      }
    }
    #expect(inputs > n, "the episode must hold more vectors (\(inputs)) than locations (\(n))")
    #expect(Double(freed) >= 0.9 * Double(recalls), "\(freed) of \(recalls) recalled locations freed")
    #expect(reused >= inputs - n, "only \(reused) of \(inputs) vectors went to a freed location")
  }

  @Test(arguments: [2, 3, 4, 5] as [UInt64])
  func associativeRecallModelLooksUpByContentThenFollowsTheLinks(_ seed: UInt64) throws {
    let (episode, records) = try Self.records("dnc-associative-recall", size: 6, seed: seed)
    // The step at which each location was last written.
    var writtenAt: [Int: Int] = [:]
    for t in records.indices where episode.phases[t] != .output {
      writtenAt[Self.focus(records[t].write.weighting)] = t
    }
    let answer = episode.phases.indices.filter { episode.phases[$0] == .output }
    let modes = records.map { DNCInterface($0.interface, readHeads: 1).reads[0].readMode }
    // The query's last step looks up by content; each answer step reads, by the forward link,
    // what was written the step after the location read the step before.
    #expect(modes[answer[0] - 1][1] > 0.5, "π at the query's end: \(modes[answer[0] - 1])")
    var previous = Self.focus(records[answer[0] - 1].readHeads[0].weighting)
    for t in answer {
      let focus = Self.focus(records[t].readHeads[0].weighting)
      #expect(modes[t][2] > 0.5, "t = \(t): π = \(modes[t])")
      #expect(
        writtenAt[focus].map { $0 - 1 } == writtenAt[previous],
        "t = \(t): read location \(focus), written at \(String(describing: writtenAt[focus])), after \(previous)"
      )
      previous = focus
    }
  }
}
