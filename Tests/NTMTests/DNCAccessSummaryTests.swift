import Foundation
import Testing

@testable import NTM

/// The DNC's sentences (`DNCAccessSummary`) on step records built by hand: each gate, mode and
/// weighting set to a known value, so that every sentence is checked against what it must say.
@Suite struct DNCAccessSummaryTests {
  static let n = 6

  /// One real step of a small DNC, whose fields the tests then overwrite.
  static func record() -> DNCStepRecord<Float> {
    var c = DNCConfiguration(inputWidth: 3, outputWidth: 2)
    (c.memoryLocations, c.memoryWidth, c.controller) = (n, 4, .lstm(layers: 1, size: 4))
    let p = DNCParameters<Float>(configuration: c, seed: 1)
    return DNC.run(p, inputs: [[1, 0, 1]])[0]
  }

  static func oneHot(_ i: Int, _ weight: Float = 1) -> [Float] {
    (0..<n).map { $0 == i ? weight : 0 }
  }

  /// The record with its interface's activated values set: gates (sigmoid) by their logit, the
  /// read modes (softmax) by their logarithms, so that activating them gives the values back.
  static func setting(_ r: DNCStepRecord<Float>, _ values: [DNCInterfaceField: [Float]]) -> DNCStepRecord<
    Float
  > {
    var raw = r.interface.raw
    for (field, wanted) in values {
      for (k, x) in zip(r.interface.layout.range(of: field), wanted) {
        if case .readMode = field { raw[k] = log(x) } else { raw[k] = log(x / (1 - x)) }
      }
    }
    var changed = r
    changed.interface = InterfaceVector(layout: r.interface.layout, raw: raw)
    return changed
  }

  @Test func aWriteByAllocationNamesTheLeastUsedLocation() {
    var r = Self.record()
    r.access.usage = [0.9, 0.8, 0, 0.7, 0.95, 0.6]
    r.access.freeList = Allocation.freeList(usage: r.usage)
    r.access.write.weighting = Self.oneHot(2, 0.97)
    r = Self.setting(r, [.allocationGate: [0.97], .writeGate: [1 - 1e-6]])
    #expect(DNCAccessSummary(r).write == "write allocates location 2, the least used (gᵃ = 0.97, gʷ = 1.00)")
    // Landing elsewhere than the free list's head gives that location's usage.
    r.access.write.weighting = Self.oneHot(5, 0.9)
    #expect(DNCAccessSummary(r).write == "write allocates location 5, usage 0.60 (gᵃ = 0.97, gʷ = 1.00)")
  }

  @Test func aWriteByContentAndAWriteGateShut() {
    var r = Self.record()
    r.access.write.content.similarity = [0.1, 0.2, 0.3, 0.4, 0.93, 0]
    r.access.write.weighting = Self.oneHot(4, 0.4)
    r = Self.setting(r, [.allocationGate: [0.02], .writeGate: [0.99]])
    #expect(
      DNCAccessSummary(r).write
        == "write writes by content to a blur of locations, most on 4 (0.40), matching kʷ with K = 0.93 (gᵃ = 0.02, gʷ = 0.99)"
    )
    r = Self.setting(r, [.writeGate: [0.03]])
    #expect(DNCAccessSummary(r).write == "write does not write (gʷ = 0.03)")
  }

  @Test func aReadHeadFollowingTheLinksSaysFromWhereToWhere() {
    var r = Self.record()
    r.access.readHeads[0].previousWeighting = Self.oneHot(4)
    r.access.readHeads[0].weighting = Self.oneHot(5, 0.93)
    r = Self.setting(r, [.readMode(0): [0.02, 0.05, 0.93], .freeGate(0): [0.01]])
    #expect(
      DNCAccessSummary(r).reads == [
        "read0 follows the link forward from location 4 to location 5 (π forward = 0.93)"
      ])
    #expect(DNCAccessSummary(r).frees.isEmpty)
    r.access.readHeads[0].weighting = Self.oneHot(3, 0.6)
    r = Self.setting(r, [.readMode(0): [0.6, 0.3, 0.1]])
    #expect(
      DNCAccessSummary(r).reads == [
        "read0 follows the link backward from location 4 to location 3 (π backward = 0.60)"
      ])
    // Nothing written next to the location read: the link leads nowhere, and the sentence says so.
    r.access.readHeads[0].weighting = Self.oneHot(5, 0.01)
    r = Self.setting(r, [.readMode(0): [0.01, 0.01, 0.98]])
    #expect(
      DNCAccessSummary(r).reads == [
        "read0 reads almost nothing: no link leads on from the location it read (π forward = 0.98)"
      ])
  }

  @Test func aReadHeadByContentAndItsFreeGate() {
    var r = Self.record()
    r.access.readHeads[0].previousWeighting = Self.oneHot(3, 0.9)
    r.access.readHeads[0].weighting = Self.oneHot(1, 0.98)
    r.access.readHeads[0].content.similarity = [0, 0.8, 0, 0, 0, 0]
    r = Self.setting(r, [.readMode(0): [0.01, 0.98, 0.01], .freeGate(0): [0.98]])
    let summary = DNCAccessSummary(r)
    #expect(summary.reads == ["read0 reads location 1 by content (K = 0.80, π content = 0.98)"])
    #expect(summary.frees == ["read0 frees location 3 (f = 0.98)"])
    // A free gate on a location barely read frees nothing worth naming (f wʳₜ₋₁ < 0.5).
    r.access.readHeads[0].previousWeighting = Self.oneHot(3, 0.4)
    #expect(DNCAccessSummary(r).frees.isEmpty)
  }
}
