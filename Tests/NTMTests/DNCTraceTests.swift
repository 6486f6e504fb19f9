import Foundation
import Testing

@testable import NTM

/// A DNC's trace names its machine and holds every stage of every step under docs/dnc.md's names, so
/// that the stages can be recomputed from the trace's own fields: here, in Double, each stage
/// that follows from the others (tolerance 1e-5: the machine computes in Float).
@Suite("DNC trace")
struct DNCTraceTests {
  static func lines() throws -> [[String: Any]] {
    var c = DNCConfiguration(inputWidth: 3, outputWidth: 2)
    (c.memoryLocations, c.memoryWidth, c.readHeads, c.controller) = (6, 4, 2, .lstm(layers: 1, size: 8))
    c.deallocation = true
    let machine = MachineParameters<Float>.dnc(DNCParameters(configuration: c, seed: 9))
    let task = CheckpointTests.task
    var rng = SeededGenerator(seed: 9)
    let episode = task.episode(size: 3, using: &rng)
    let header = Trace.header(
      machine: machine.machineConfiguration, task: task.name, taskParameters: task.parameters, seed: 9,
      checkpoint: nil, steps: episode.length)
    let steps = machine.run(inputs: episode.inputs).map { Trace.step($0, episode: episode) }
    return try ([header] + steps).map { line in
      try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
  }

  static func vector(_ value: Any?) -> [Double] { (value as? [NSNumber])?.map(\.doubleValue) ?? [] }
  static func matrix(_ value: Any?) -> [[Double]] {
    (value as? [[NSNumber]])?.map { $0.map(\.doubleValue) } ?? []
  }
  static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

  static func close(
    _ a: [Double], _ b: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      a.count == b.count && !a.isEmpty, "\(what): \(a.count) values against \(b.count)",
      sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where abs(x - y) > 1e-5 {
      Issue.record("\(what): \(a) against \(b)", sourceLocation: sourceLocation)
      return
    }
  }

  @Test("the header names the machine, and each stage follows from the fields before it")
  func stagesRecomputeFromTheTrace() throws {
    let lines = try Self.lines()
    #expect(lines[0]["machine"] as? String == "dnc")
    #expect((lines[0]["configuration"] as? [String: Any])?["deallocation"] as? Bool == true)
    var previousWrite = [Double](repeating: 0, count: 6)
    var previousUsage = previousWrite
    var previousLink = [[Double]](repeating: previousWrite, count: 6)
    for step in lines.dropFirst() {
      let heads = try #require(step["heads"] as? [[String: Any]])
      let (write, reads) = (heads[0], Array(heads.dropFirst()))
      #expect(
        write["head"] as? String == "write" && reads.map { $0["head"] as? String } == ["read0", "read1"])
      let n = 6
      // Retention and usage.
      var retention = [Double](repeating: 1, count: n)
      for read in reads {
        let (f, w) = (Self.number(read["freeGate"]), Self.vector(read["previous"]))
        for i in 0..<n { retention[i] *= 1 - f * w[i] }
      }
      Self.close(retention, Self.vector(step["retention"]), "retention")
      let usage = (0..<n).map {
        (previousUsage[$0] + previousWrite[$0] - previousUsage[$0] * previousWrite[$0]) * retention[$0]
      }
      Self.close(usage, Self.vector(step["usage"]), "usage")
      // Allocation along the free list.
      let freeList = (step["freeList"] as? [Int]) ?? []
      #expect(freeList == (0..<n).sorted { (usage[$0], $0) < (usage[$1], $1) })
      var allocation = [Double](repeating: 0, count: n)
      var product = 1.0
      for j in freeList {
        allocation[j] = (1 - usage[j]) * product
        product *= usage[j]
      }
      Self.close(allocation, Self.vector(step["allocationWeighting"]), "allocationWeighting")
      // The write weighting, then the write (with de-allocation).
      let (ga, gw) = (Self.number(write["allocationGate"]), Self.number(write["writeGate"]))
      let content = Self.vector(write["contentWeighting"])
      let ww = (0..<n).map { gw * (ga * allocation[$0] + (1 - ga) * content[$0]) }
      Self.close(ww, Self.vector(write["weighting"]), "write weighting")
      let (erase, add) = (Self.vector(write["erase"]), Self.vector(write["add"]))
      let before = Self.matrix(step["memoryBefore"])
      let memory: [[Double]] = (0..<n).map { i in
        (0..<4).map { j -> Double in
          let kept: Double = before[i][j] * retention[i] * (1 - ww[i] * erase[j])
          return kept + ww[i] * add[j]
        }
      }
      Self.close(memory.flatMap { $0 }, Self.matrix(step["memory"]).flatMap { $0 }, "memory")
      // The link from precedenceBefore, then the precedence.
      let p = Self.vector(step["precedenceBefore"])
      let link: [[Double]] = (0..<n).map { i in
        (0..<n).map { j -> Double in
          let kept: Double = (1 - ww[i] - ww[j]) * previousLink[i][j]
          return i == j ? 0 : kept + ww[i] * p[j]
        }
      }
      Self.close(link.flatMap { $0 }, Self.matrix(step["link"]).flatMap { $0 }, "link")
      let written = ww.reduce(0, +)
      Self.close(
        (0..<n).map { (1 - written) * p[$0] + ww[$0] }, Self.vector(step["precedence"]), "precedence")
      // Each read head: link-following weightings, the mix by read modes, the read.
      for (h, read) in reads.enumerated() {
        let previous = Self.vector(read["previous"])
        let forward = (0..<n).map { i in (0..<n).reduce(0) { $0 + link[i][$1] * previous[$1] } }
        let backward = (0..<n).map { i in (0..<n).reduce(0) { $0 + link[$1][i] * previous[$1] } }
        Self.close(forward, Self.vector(read["forwardWeighting"]), "read\(h) forwardWeighting")
        Self.close(backward, Self.vector(read["backwardWeighting"]), "read\(h) backwardWeighting")
        let mode = Self.vector(read["readMode"])
        let contentWeighting = Self.vector(read["contentWeighting"])
        let weighting = (0..<n).map {
          mode[0] * backward[$0] + mode[1] * contentWeighting[$0] + mode[2] * forward[$0]
        }
        Self.close(weighting, Self.vector(read["weighting"]), "read\(h) weighting")
        let r = (0..<4).map { j in (0..<n).reduce(0) { $0 + memory[$1][j] * weighting[$1] } }
        Self.close(r, Self.vector(read["read"]), "read\(h) read")
      }
      (previousWrite, previousUsage, previousLink) = (ww, usage, link)
    }
  }
}
