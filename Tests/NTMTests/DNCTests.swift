import Testing

@testable import NTM

/// The DNC as a whole: every stage of a step recomputed from the record's own fields, saving and
/// restoring state, precision, the numerically hard cases, and refusing bad configurations.
@Suite struct DNCTests {
  static func configuration(_ change: (inout DNCConfiguration) -> Void = { _ in }) -> DNCConfiguration {
    var c = DNCConfiguration(inputWidth: 3, outputWidth: 2)
    c.memoryLocations = 9
    c.memoryWidth = 5
    c.readHeads = 2
    c.controller = .lstm(layers: 1, size: 8)
    change(&c)
    return c
  }

  static func inputs(_ c: DNCConfiguration, steps: Int, seed: UInt64 = 1) -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    return (0..<steps).map { _ in (0..<c.inputWidth).map { _ in rng.bernoulli(0.5) ? 1 : 0 } }
  }

  /// Parameters spread wide enough that gates are neither shut nor saturated.
  static func parameters(_ c: DNCConfiguration, seed: UInt64 = 2) -> DNCParameters<Double> {
    var p = DNCParameters<Double>(zerosFor: c)
    var rng = SeededGenerator(seed: seed)
    for i in p.values.indices { p.values[i] = rng.normal() * 0.7 }
    return p
  }

  // MARK: docs/dnc.md, stage by stage

  /// An independent recomputation of docs/dnc.md's steps 2 to 9 from each record's own fields (and
  /// the previous record's), with plain loops, for the plain DNC and with all three fixes.
  /// Tolerance 1e-12 in Double: the same arithmetic in another order.
  @Test(arguments: [false, true])
  func everyStageFollowsFromTheRecord(_ fixes: Bool) {
    let c = Self.configuration {
      $0.masking = fixes
      $0.deallocation = fixes
      $0.linkSharpness = fixes
    }
    let (n, w) = (c.memoryLocations, c.memoryWidth)
    let records = DNC.run(Self.parameters(c), inputs: Self.inputs(c, steps: 12))
    func close(_ a: [Double], _ b: [Double], _ what: String, _ t: Int) {
      #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 }, "step \(t): \(what)")
    }
    func lookup(_ memory: Matrix<Double>, _ key: [Double], _ beta: Double, _ mask: [Double]?) -> [Double] {
      let m = mask ?? [Double](repeating: 1, count: w)
      let k = (0..<w).map { key[$0] * m[$0] }
      let kNorm = k.map { $0 * $0 }.reduce(0, +).squareRoot()
      let scores = (0..<n).map { i in
        let row = (0..<w).map { memory[i, $0] * m[$0] }
        let dot = zip(row, k).map(*).reduce(0, +)
        return beta * dot / (kNorm * row.map { $0 * $0 }.reduce(0, +).squareRoot() + 1e-8)
      }
      let e = scores.map { Double.exp($0 - scores.max()!) }
      return e.map { $0 / e.reduce(0, +) }
    }
    func sharpen(_ x: [Double], _ s: Double) -> [Double] {
      let y = x.map { Double.exp(s * Double.log($0 + 1e-6)) }
      return y.map { $0 / y.reduce(0, +) }
    }
    for (t, r) in records.enumerated() {
      let xi = r.interface
      let before = t > 0 ? records[t - 1] : nil
      let zeros = [Double](repeating: 0, count: n)
      let previousReads = (0..<c.readHeads).map { before?.readHeads[$0].weighting ?? zeros }
      close(
        r.readHeads.flatMap(\.previousWeighting), previousReads.flatMap { $0 }, "previous read weightings", t)
      // 2. Retention, 3. usage, 4. allocation along the free list.
      let psi = (0..<n).map { j in
        (0..<c.readHeads).map { 1 - xi.value(.freeGate($0)) * previousReads[$0][j] }.reduce(1, *)
      }
      close(r.retention, psi, "retention", t)
      let (u0, w0) = (before?.usage ?? zeros, before?.write.weighting ?? zeros)
      close(r.usage, (0..<n).map { (u0[$0] + w0[$0] - u0[$0] * w0[$0]) * psi[$0] }, "usage", t)
      #expect(Set(r.freeList) == Set(0..<n), "step \(t): free list is a permutation")
      for (a, b) in zip(r.freeList, r.freeList.dropFirst()) {
        #expect(r.usage[a] < r.usage[b] || (r.usage[a] == r.usage[b] && a < b), "step \(t): free list order")
      }
      var allocation = zeros
      for (j, location) in r.freeList.enumerated() {
        allocation[location] = (1 - r.usage[location]) * r.freeList[..<j].map { r.usage[$0] }.reduce(1, *)
      }
      close(r.allocationWeighting, allocation, "allocation weighting", t)
      // 5. Write weighting.
      let writeContent = lookup(
        r.memoryBefore, Array(xi[.writeKey]), xi.value(.writeKeyStrength), xi.ifPresent(.writeMask))
      close(r.write.contentWeighting, writeContent, "write content weighting", t)
      let (ga, gw) = (xi.value(.allocationGate), xi.value(.writeGate))
      let ww = (0..<n).map { gw * (ga * allocation[$0] + (1 - ga) * writeContent[$0]) }
      close(r.write.weighting, ww, "write weighting", t)
      // 6. Write.
      let (e, v) = (Array(xi[.erase]), Array(xi[.add]))
      let memory = (0..<(n * w)).map { k in
        let (i, j) = (k / w, k % w)
        return r.memoryBefore[i, j] * (c.deallocation ? psi[i] : 1) * (1 - ww[i] * e[j]) + ww[i] * v[j]
      }
      close(r.memory.values, memory, "memory", t)
      // 7. Link from the previous precedence, then the precedence.
      let p0 = before?.precedence ?? zeros
      close(r.precedenceBefore, p0, "precedence before", t)
      let link = (0..<(n * n)).map { k in
        let (i, j) = (k / n, k % n)
        return i == j ? 0 : (1 - ww[i] - ww[j]) * (before?.link[i, j] ?? 0) + ww[i] * p0[j]
      }
      close(r.link.values, link, "link", t)
      close(r.precedence, (0..<n).map { (1 - ww.reduce(0, +)) * p0[$0] + ww[$0] }, "precedence", t)
      // 8. Reads.
      for (h, head) in r.readHeads.enumerated() {
        var forward = (0..<n).map { i in (0..<n).map { link[i * n + $0] * previousReads[h][$0] }.reduce(0, +)
        }
        var backward = (0..<n).map { j in (0..<n).map { link[$0 * n + j] * previousReads[h][$0] }.reduce(0, +)
        }
        close(head.linkForward, forward, "read\(h) L w", t)
        close(head.linkBackward, backward, "read\(h) Lᵀ w", t)
        if c.linkSharpness {
          forward = sharpen(forward, xi.value(.forwardSharpness(h)))
          backward = sharpen(backward, xi.value(.backwardSharpness(h)))
        }
        close(head.forwardWeighting, forward, "read\(h) forward weighting", t)
        close(head.backwardWeighting, backward, "read\(h) backward weighting", t)
        let content = lookup(
          r.memory, Array(xi[.readKey(h)]), xi.value(.readKeyStrength(h)), xi.ifPresent(.readMask(h)))
        close(head.contentWeighting, content, "read\(h) content weighting", t)
        let mode = Array(xi[.readMode(h)])
        let weighting = (0..<n).map { mode[0] * backward[$0] + mode[1] * content[$0] + mode[2] * forward[$0] }
        close(head.weighting, weighting, "read\(h) weighting", t)
        let read = (0..<w).map { j in (0..<n).map { weighting[$0] * r.memory[$0, j] }.reduce(0, +) }
        close(head.read, read, "read\(h) read vector", t)
      }
      // 9. Output.
      close(r.output, r.outputLogits.map { Activation.sigmoid($0) }, "output", t)
    }
  }

  /// Weightings stay weightings: usage and gates in 0…1, allocation, write and read weightings
  /// summing to at most 1.
  @Test func weightingsStayInRange() {
    let c = Self.configuration { $0.deallocation = true }
    for r in DNC.run(Self.parameters(c, seed: 5), inputs: Self.inputs(c, steps: 30)) {
      #expect(r.usage.allSatisfy { $0 >= 0 && $0 <= 1 })
      #expect(r.retention.allSatisfy { $0 >= 0 && $0 <= 1 })
      for weighting in [r.allocationWeighting, r.write.weighting] + r.readHeads.map(\.weighting) {
        #expect(weighting.allSatisfy { $0 >= 0 } && weighting.reduce(0, +) <= 1 + 1e-12)
      }
    }
  }

  // MARK: State and precision

  @Test func savedStateReturnsExactly() {
    let c = Self.configuration()
    var dnc = DNC(parameters: Self.parameters(c))
    let inputs = Self.inputs(c, steps: 6)
    for input in inputs.prefix(3) { _ = dnc.step(input) }
    let saved = dnc.state
    let first = inputs.suffix(3).map { dnc.step($0) }
    dnc.state = saved
    #expect(inputs.suffix(3).map { dnc.step($0) } == first)
    dnc.reset()
    #expect(dnc.state == DNC.initialState(dnc.parameters))
    #expect(DNC.run(dnc.parameters, inputs: inputs)[2] == DNC.run(dnc.parameters, inputs: inputs)[2])
  }

  @Test func sameSeedSameParameters() {
    let c = DNCConfiguration(inputWidth: 9, outputWidth: 8)
    let a = DNCParameters<Float>(configuration: c, seed: 4)
    #expect(a.values == DNCParameters<Float>(configuration: c, seed: 4).values)
    #expect(a.values != DNCParameters<Float>(configuration: c, seed: 5).values)
    // The LSTM's forget gates start open, every other bias at zero.
    let bias = a["controller.lstm0.bias"]
    #expect(bias[100..<200].allSatisfy { $0 == 1 } && bias[..<100].allSatisfy { $0 == 0 })
    #expect(a["interface.bias"].allSatisfy { $0 == 0 })
  }

  /// Float, the training precision, against Double on the same parameters: outputs within 1e-4
  /// after 20 steps (single precision's rounding, accumulated).
  @Test func floatAgreesWithDouble() {
    let c = Self.configuration {
      $0.masking = true
      $0.linkSharpness = true
    }
    let p = Self.parameters(c, seed: 7)
    let inputs = Self.inputs(c, steps: 20)
    let double = DNC.run(p, inputs: inputs)
    let float = DNC.run(p.converted(to: Float.self), inputs: inputs.map { $0.map(Float.init) })
    for (d, f) in zip(double, float) {
      #expect(zip(d.output, f.output).allSatisfy { abs($0 - Double($1)) < 1e-4 }, "step \(d.time)")
    }
  }

  // MARK: Numerics

  /// The first step finds usage all zero and memory all zero: the allocation takes location 0,
  /// the lookups are uniform, and neither the step nor its gradient produces a NaN.
  @Test func emptyMemoryAndZeroUsageStayFinite() {
    let c = Self.configuration()
    let p = Self.parameters(c)
    let (gradient, _, records) = p.gradient(
      inputs: Self.inputs(c, steps: 1), targets: [[1, 0]], scored: [true])
    let first = records[0]
    #expect(first.usage.allSatisfy { $0 == 0 })
    #expect(first.allocationWeighting == [1] + [Double](repeating: 0, count: c.memoryLocations - 1))
    #expect(first.write.contentWeighting.allSatisfy { $0 == 1 / Double(c.memoryLocations) })
    #expect(gradient.values.allSatisfy { $0.isFinite })
  }

  /// Strengths pushed to about 10⁴ and gates to saturation, in Float over a long sequence with
  /// every fix on (de-allocation wipes rows to zero): every value and gradient stays finite.
  @Test func saturatedInterfaceStaysFiniteInFloat() {
    let c = Self.configuration {
      $0.masking = true
      $0.deallocation = true
      $0.linkSharpness = true
    }
    var p = Self.parameters(c, seed: 3).converted(to: Float.self)
    let bias = p.layout.offset(ParameterLayout.Name.interfaceBias)
    for block in c.interfaceLayout.blocks {
      for i in block.range {
        switch block.activation {
        case .oneplus: p.values[bias + i] = 1e4
        case .sigmoid: p.values[bias + i] = 60
        default: break
        }
      }
    }
    let inputs = Self.inputs(c, steps: 40).map { $0.map(Float.init) }
    let targets = inputs.map { _ in [Float](repeating: 1, count: c.outputWidth) }
    let (gradient, cost, records) = p.gradient(
      inputs: inputs, targets: targets, scored: inputs.map { _ in true })
    #expect(cost.bits.isFinite)
    #expect(gradient.values.allSatisfy { $0.isFinite })
    #expect(
      records.allSatisfy {
        $0.memory.values.allSatisfy { $0.isFinite } && $0.link.values.allSatisfy { $0.isFinite }
      })
  }

  // MARK: Configuration

  @Test func badConfigurationsAreRefusedByName() {
    func message(_ change: (inout DNCConfiguration) -> Void) -> String? {
      var c = DNCConfiguration(inputWidth: 9, outputWidth: 8)
      change(&c)
      do {
        try c.validate()
        return nil
      } catch { return error.description }
    }
    #expect(message { _ in } == nil)
    #expect(message { $0.memoryLocations = 0 } == "DNC memory locations N = 0: must be between 1 and 1024")
    #expect(
      message { $0.memoryLocations = 5000 } == "DNC memory locations N = 5000: must be between 1 and 1024")
    #expect(message { $0.readHeads = 0 } == "DNC read heads R = 0: must be between 1 and 64")
    #expect(message { $0.memoryWidth = -3 } == "DNC memory width W = -3: must be between 1 and 4096")
    #expect(
      message { $0.controller = .lstm(layers: 1, size: 0) }
        == "DNC controller lstm:0 size = 0: must be between 1 and 16384")
  }

  @Test func interfaceLayoutFollowsTheTableAndTheFixes() {
    var c = DNCConfiguration(inputWidth: 9, outputWidth: 8)
    c.readHeads = 2
    // R·W keys, R strengths, W key, 1 strength, W erase, W add, R free gates, 2 gates, 3R modes.
    #expect(c.interfaceLayout.count == 2 * 16 + 2 + 16 + 1 + 16 + 16 + 2 + 2 + 6)
    #expect(
      c.interfaceLayout.blocks.map(\.field.description).prefix(5) == [
        "read0.key", "read1.key", "read0.keyStrength", "read1.keyStrength", "write.key",
      ])
    c.masking = true
    c.linkSharpness = true
    #expect(c.interfaceLayout.count == 93 + 3 * 16 + 4)
    #expect(c.interfaceLayout.contains(.writeMask) && c.interfaceLayout.contains(.backwardSharpness(1)))
  }
}
