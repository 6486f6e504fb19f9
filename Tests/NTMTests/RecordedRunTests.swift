import Foundation
import Testing

@testable import NTM

/// A run's per-step numbers (wrong bits, cost, head measures) against the step records and
/// the episode they come from, and the searches and conditions built on them.
@Suite("Recorded run and conditions")
struct RecordedRunTests {
  static func copyRun(seed: UInt64 = 3, length: Int = 6) throws -> RecordedRun {
    let task = try CopyTask()
    var c = Configuration(inputWidth: task.inputWidth, outputWidth: task.outputWidth)
    c.memoryLocations = 16
    var rng = SeededGenerator(seed: seed)
    let episode = task.episode(size: length, using: &rng)
    return RecordedRun(
      parameters: Parameters(configuration: c, seed: seed), episode: episode,
      reading: task.reading(of: episode))
  }

  @Test func wrongBitsAndCostsAreTheEpisodesScoredSteps() throws {
    let run = try Self.copyRun()
    for t in 0..<run.length {
      let expected =
        run.episode.scored[t]
        ? zip(run.records[t].output, run.episode.targets[t]).filter { ($0 > 0.5) != ($1 > 0.5) }.count : 0
      #expect(run.wrongBits[t] == expected)
    }
    // The per-step costs add up to the training loss's cost of the whole sequence (to the last
    // few ulps of a sum in a different order).
    let whole = SequenceCost(records: run.records, targets: run.episode.targets, scored: run.episode.scored)
    let summed = run.cost(through: run.length - 1)
    #expect(abs(summed.bits - whole.bits) <= 1e-9 * max(1, whole.bits))
    #expect(summed.bitErrors == whole.bitErrors)
    #expect(Int(whole.bitErrors) == run.wrongBits.reduce(0, +))
    #expect(run.cost(through: nil) == SequenceCost())
  }

  @Test func measuresDescribeEachHeadsWeighting() throws {
    let run = try Self.copyRun()
    for t in 0..<run.length {
      for (h, head) in run.ntmRecords[t].heads.enumerated() {
        let w = head.weighting
        let focus = try #require(w.argmax)
        #expect(run.measure("focus", ofHead: h, at: t) == Float(focus))
        #expect(run.measure("weight", ofHead: h, at: t) == w[focus])
        let entropy = w.reduce(0.0) { $1 > 0 ? $0 - Double($1) * log2(Double($1)) : $0 }
        let measured = try #require(run.measure("entropy", ofHead: h, at: t))
        #expect(abs(Double(measured) - entropy) < 1e-5)
        #expect(abs(try #require(run.measure("width", ofHead: h, at: t)) - exp2(measured)) < 1e-4)
        #expect(run.measure("g", ofHead: h, at: t) == head.addressing.interpolationGate)
        #expect(run.measure("beta", ofHead: h, at: t) == head.addressing.keyStrength)
        #expect(run.measure("gamma", ofHead: h, at: t) == head.addressing.sharpening)
        let shift = try #require(head.addressing.shiftWeighting.argmax)
        #expect(run.measure("shift", ofHead: h, at: t) == Float(shift - 1))
      }
    }
    #expect(run.measures[0][0].map(\.name) == Array(HeadMeasure.names.prefix(8)))
  }

  /// Entropy in bits: 0 for one location, log₂ N for a uniform weighting, so the effective
  /// width 2^H counts locations; a NaN is never taken for a sharp head.
  @Test func entropyOfKnownWeightings() {
    #expect(HeadMeasure.entropyInBits([0, 1, 0, 0]) == 0)
    #expect(HeadMeasure.entropyInBits([Float](repeating: 1.0 / 8, count: 8)) == 3)
    #expect(HeadMeasure.entropyInBits([0.5, 0.5, 0, 0]) == 1)
    #expect(HeadMeasure.entropyInBits([0.5, .nan]).isNaN)
  }

  @Test func theInitialStateComesFromStepZerosRecord() throws {
    let run = try Self.copyRun()
    #expect(run.memory(after: nil) == run.records[0].memoryBefore)
    #expect(run.weightings(after: nil) == run.ntmRecords[0].heads.map(\.addressing.previous))
    #expect(run.memory(after: 2) == run.records[2].memoryAfter)
    // Before step 0 both heads sit on location 0 (the learned initial weighting).
    #expect(run.locationsUsed(through: nil, heads: 0..<2) == [0])
    let used = run.locationsUsed(through: 3, heads: 0..<1)
    for t in 0...3 {
      for (i, w) in run.ntmRecords[t].heads[0].weighting.enumerated() where w >= 0.05 {
        #expect(used.contains(i))
      }
    }
  }

  @Test func conditionsParseAndPrintBack() throws {
    let cases: [(String, String)] = [
      ("error", "error"), ("first-error", "error"), ("NaN", "nan"), ("read0.entropy>2", "read0.entropy>2"),
      ("write0.weight < 0.5", "write0.weight<0.5"), ("any.g>=0.9", "any.g>=0.9"),
      ("read0.focus==125", "read0.focus=125"), ("read1.β!=3", "read1.beta!=3"),
      ("read0.shift<-1", "read0.shift<-1"),
    ]
    for (text, canonical) in cases {
      #expect(try StepCondition(parsing: text).description == canonical, "\(text)")
    }
    let bad: [(String, String)] = [
      ("read0.entropy", "expected error, nan or HEAD.MEASURE OP NUMBER"),
      ("read0.entropy>two", "must be a number"),
      ("read0.blur>2", "unknown measure 'blur'; measures are focus, weight, entropy"),
      ("entropy>2", "expected HEAD.MEASURE"),
    ]
    for (text, message) in bad {
      #expect(throws: StepConditionError.self) { try StepCondition(parsing: text) }
      do {
        _ = try StepCondition(parsing: text)
      } catch {
        #expect(error.description.contains(message), "\(text): \(error.description)")
        #expect(error.description.hasPrefix("'\(text)'"))
      }
    }
  }

  @Test func conditionsHoldWhereTheirMeasuresSay() throws {
    let run = try Self.copyRun()
    let condition = try StepCondition(parsing: "read0.entropy>1")
    for t in 0..<run.length {
      let entropy = try #require(run.measure("entropy", ofHead: 1, at: t))
      #expect(condition.holds(in: run, at: t) == (entropy > 1))
    }
    let any = try StepCondition(parsing: "any.weight<0.5")
    for t in 0..<run.length {
      let expected = (0..<2).contains { (run.measure("weight", ofHead: $0, at: t) ?? 1) < 0.5 }
      #expect(any.holds(in: run, at: t) == expected)
    }
    let errors = (0..<run.length).filter { run.wrongBits[$0] > 0 }
    #expect(run.firstStep(where: .wrongBit) == errors.first)
    if let first = errors.first {
      #expect(
        StepCondition.wrongBit.explanation(in: run, at: first)?.hasSuffix(
          "wrong output bit\(run.wrongBits[first] == 1 ? "" : "s")") == true)
      #expect(run.lastStep(where: .wrongBit, through: run.length - 1) == errors.last)
    }
    #expect(run.firstStep(where: .notANumber) == nil)
    // A head the run does not have, or a measure a trace without addressing lacks, is an error.
    #expect(throws: StepConditionError.self) { try StepCondition(parsing: "read3.g>0").validate(for: run) }
  }

  @Test func aNaNIsFoundAndNamed() throws {
    var run = try Self.copyRun()
    var records = run.ntmRecords
    records[2].readHeads[0].addressing.weighting[5] = .nan
    run = RecordedRun(episode: run.episode, records: records, shifts: run.shifts, hasAddressing: true)
    #expect(run.firstStep(where: .notANumber) == 2)
    #expect(StepCondition.notANumber.explanation(in: run, at: 2) == "NaN in read0's weighting")
    #expect(run.measure("entropy", ofHead: 1, at: 2)?.isNaN == true)
  }

  @Test func targetsResolveToSteps() throws {
    let run = try Self.copyRun()
    #expect(try StepTarget(parsing: "start").resolve(in: run) == nil)
    #expect(try StepTarget(parsing: "end").resolve(in: run) == run.length - 1)
    #expect(try StepTarget(parsing: "4").resolve(in: run) == 4)
    #expect(try StepTarget(parsing: "first-error").description == "first-error")
    #expect(throws: StepConditionError.self) { try StepTarget(parsing: "99").resolve(in: run) }
    #expect(throws: StepConditionError.self) { try StepTarget(parsing: "-3") }
    // A condition that never holds says so.
    do {
      _ = try StepTarget(parsing: "read0.weight>2").resolve(in: run)
      Issue.record("a weight above 2 was found")
    } catch {
      #expect(error.description == "'read0.weight>2': never holds in this run")
    }
  }

  @Test func comparingARunWithItselfFindsNoDivergence() throws {
    let run = try Self.copyRun()
    let same = RunComparison(run, run)
    #expect(same.firstDivergence == nil)
    #expect(same.differingBits.allSatisfy { $0 == 0 })
    #expect(same.focusDistance.allSatisfy { $0.allSatisfy { $0 == 0 } })
  }

  @Test func comparingTwoModelsFindsWhereTheyPart() throws {
    let a = try Self.copyRun(seed: 3)
    var b = try Self.copyRun(seed: 3)
    // The same run, except that from step 4 on B's read head looks at the opposite location
    // (8 of 16 away, the farthest there is on a circle).
    var records = b.ntmRecords
    for t in 4..<records.count {
      let w = records[t].readHeads[0].addressing.weighting
      records[t].readHeads[0].addressing.weighting = (0..<16).map { w[($0 + 8) % 16] }
    }
    b = RecordedRun(episode: b.episode, records: records, shifts: b.shifts, hasAddressing: true)
    let comparison = RunComparison(a, b)
    let divergence = try #require(comparison.firstDivergence)
    #expect(divergence.t == 4)
    let fa = Int(a.measure("focus", ofHead: 1, at: 4)!)
    #expect(divergence.what == "read0 focus \(fa) vs \((fa + 8) % 16)")
    #expect(comparison.focusDistance[4][1] == 8 && comparison.focusDistance[4][0] == 0)
    #expect(comparison.focusDistance[3] == [0, 0])
  }
}
