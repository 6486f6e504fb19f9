import Foundation
import Testing

@testable import NTM

/// The debugger's run over a DNC: the same `RecordedRun`, conditions and measures as the NTM's,
/// each checked against the DNC's own step records.
@Suite struct RecordedRunDNCTests {
  static func run(seed: UInt64 = 3) throws -> RecordedRun {
    let task = try makeTask(named: "copy")
    var c = DNCConfiguration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    (c.memoryLocations, c.memoryWidth, c.readHeads, c.controller) = (12, 6, 2, .lstm(layers: 1, size: 16))
    var rng = SeededGenerator(seed: seed)
    let episode = task.episode(size: 4, using: &rng)
    return RecordedRun(
      machine: .dnc(DNCParameters(configuration: c, seed: 5)), episode: episode,
      reading: task.reading(of: episode))
  }

  static func dncRecords(_ run: RecordedRun) -> [DNCStepRecord<Float>] {
    run.records.map { record in
      guard case .dnc(let r) = record else { preconditionFailure("a DNC's run holds DNC records") }
      return r
    }
  }

  @Test func headsWeightingsAndMeasuresAreTheRecords() throws {
    let run = try Self.run()
    #expect(run.machine == .dnc && run.writeHeadCount == 1)
    #expect(run.heads == [.write(0), .read(0), .read(1)])
    for (t, r) in Self.dncRecords(run).enumerated() {
      #expect(run.weightings(after: t) == [r.write.weighting] + r.readHeads.map(\.weighting))
      #expect(run.memory(after: t) == r.memory)
      #expect(run.measure("ga", ofHead: 0, at: t) == r.interface.value(.allocationGate))
      #expect(run.measure("gw", ofHead: 0, at: t) == r.interface.value(.writeGate))
      #expect(run.measure("beta", ofHead: 0, at: t) == r.write.content.keyStrength)
      #expect(run.measure("focus", ofHead: 0, at: t) == Float(try #require(r.write.weighting.argmax)))
      for i in 0..<2 {
        let mode = Array(r.interface[.readMode(i)])
        #expect(run.measure("backward", ofHead: 1 + i, at: t) == mode[0])
        #expect(run.measure("content", ofHead: 1 + i, at: t) == mode[1])
        #expect(run.measure("forward", ofHead: 1 + i, at: t) == mode[2])
        #expect(run.measure("free", ofHead: 1 + i, at: t) == r.interface.value(.freeGate(i)))
        #expect(run.measure("beta", ofHead: 1 + i, at: t) == r.readHeads[i].content.keyStrength)
      }
      // The NTM's addressing parameters are not the DNC's.
      #expect(run.measure("gamma", ofHead: 1, at: t) == nil && run.measure("g", ofHead: 0, at: t) == nil)
    }
    // Before step 0 nothing was written or read: all zeros, as the DNC starts.
    let zeros = [Float](repeating: 0, count: 12)
    #expect(run.weightings(after: nil) == [zeros, zeros, zeros])
    #expect(run.memory(after: nil).values.allSatisfy { $0 == 0 })
  }

  @Test func conditionsSearchTheDNCsMeasures() throws {
    let run = try Self.run()
    let records = Self.dncRecords(run)
    let condition = try StepCondition(parsing: "read1.forward > 0.3")
    try condition.validate(for: run)
    let expected = records.firstIndex { Array($0.interface[.readMode(1)])[2] > 0.3 }
    #expect(run.firstStep(where: condition) == expected)
    #expect(try StepCondition(parsing: "write0.gᵃ>=0.5") == StepCondition(parsing: "write0.ga>=0.5"))
    #expect(throws: StepConditionError.self) {
      try StepCondition(parsing: "read0.gamma>1").validate(for: run)
    }
    do {
      try StepCondition(parsing: "read0.gamma>1").validate(for: run)
    } catch {
      #expect(error.problem == "this run's heads have no gamma (a DNC's)")
    }
  }

  @Test func aNaNIsFoundAndNamedInADNCsRecord() throws {
    let run = try Self.run()
    var records = Self.dncRecords(run)
    records[2].access.usage[3] = .nan
    let broken = RecordedRun(
      episode: run.episode, records: records.map(MachineRecord.dnc), shifts: 0...0, hasAddressing: true)
    #expect(broken.firstStep(where: .notANumber) == 2)
    #expect(StepCondition.notANumber.explanation(in: broken, at: 2) == "NaN in the usage")
  }
}
