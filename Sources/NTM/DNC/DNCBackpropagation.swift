/// Backpropagation through time over a DNC's step records, by hand, numbered as docs/dnc.md numbers
/// the forward step and undoing it in reverse.
///
/// The backward pass walks the records the forward pass kept, carrying from step t+1 to step t
/// the gradients with respect to everything a step hands on: Mₜ, uₜ, Lₜ, pₜ, wʷₜ, each wʳₜ and
/// rₜ, and the controller's hₜ (and cₜ). The free list is held fixed (docs/dnc.md). At t = 0 they
/// land on the initial state, of which only the LSTM's h₀ and c₀ are learned.
///
/// The loss is the binary cross-entropy in nats summed over the scored steps, as the NTM's.
enum DNCBackpropagation {
  /// The sequence's gradient, as dense layers' recorded steps and the initial state's values.
  /// With `clipRecurrent`, the write and read weightings' gradients are clipped to ±it as they
  /// are carried back to the step before (`OptimizerSettings.clipRecurrent`).
  static func gradient<S: NTMScalar>(
    _ parameters: DNCParameters<S>, records: [DNCStepRecord<S>], targets: [[Float]], scored: [Bool],
    clipRecurrent: S? = nil
  ) -> SequenceGradient<S> {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    let layout = parameters.layout
    let o = parameters.offsets
    let interface = o.interface
    let (n, w, heads) = (c.memoryLocations, c.memoryWidth, c.readHeads)
    let hidden = c.controller.outputSize
    let zeros = [S](repeating: 0, count: n)

    // Carried from step t+1 to step t.
    var dMemory = [S](repeating: 0, count: n * w)
    var dUsage = zeros
    var dLink = [S](repeating: 0, count: n * n)
    var dPrecedence = zeros
    var dWrite = zeros
    var dReadWeightings = [[S]](repeating: zeros, count: heads)
    var dReads = [[S]](repeating: .init(repeating: 0, count: w), count: heads)
    var dState = ControllerState<S>(hidden: [], cell: [])
    if case .lstm(let layers, let size) = c.controller {
      dState.hidden = .init(repeating: .init(repeating: 0, count: size), count: layers)
      dState.cell = dState.hidden
    }

    var controllerGradients: [DeferredDenseGradient<S>] = ControllerNetwork.deferredGradients(
      o.controller, layout: layout)
    var interfaceGradient = DeferredDenseGradient<S>(
      rows: interface.count, columns: hidden, weight: Name.interfaceWeight, bias: Name.interfaceBias,
      layout: layout)
    var outputGradient = DeferredDenseGradient<S>(
      rows: c.outputWidth, columns: hidden + heads * w, weight: Name.outputWeight, bias: Name.outputBias,
      layout: layout)
    let emptyLink = Matrix<S>(rows: n, columns: n)

    parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      for t in records.indices.reversed() {
        let r = records[t]
        let xi = r.interface
        let previous = t > 0 ? records[t - 1] : nil
        let previousWeightings = r.readHeads.map(\.previousWeighting)
        let h = r.controller.output
        var dh = [S](repeating: 0, count: hidden)
        var dXi = [S](repeating: 0, count: interface.count)

        // 9. Output, from [hₜ; rₜ].
        if scored[t] {
          let dLogits = r.output.indices.map { r.output[$0] - S(targets[t][$0]) }
          outputGradient.record(input: Kernels.concatenated(h, r.reads), outputGradient: dLogits)
          let dJoined = Kernels.transposedProduct(
            weight: p + o.outputWeight, outputGradient: dLogits, rows: c.outputWidth,
            columns: hidden + heads * w)
          Kernels.add(dJoined[..<hidden], into: &dh)
          for i in 0..<heads {
            Kernels.add(dJoined[(hidden + i * w)..<(hidden + (i + 1) * w)], into: &dReads[i])
          }
        }

        // 8. Read heads: the read, the mix of modes, the content lookup against Mₜ, and the
        // sharpening of the link-following weightings.
        var dPreviousReadWeightings = [[S]](repeating: zeros, count: heads)
        var dLinkForward: [[S]] = []
        var dLinkBackward: [[S]] = []
        for (i, head) in r.readHeads.enumerated() {
          var dWeighting = dReadWeightings[i]
          let dFromRead = MemoryAccess.readBackward(
            r.memory, weighting: head.weighting, dRead: dReads[i], memoryGradient: &dMemory)
          Kernels.add(dFromRead[...], into: &dWeighting)
          let mode = Array(xi[.readMode(i)])
          let dMode = [head.backwardWeighting, head.contentWeighting, head.forwardWeighting].map {
            dot($0, dWeighting)
          }
          interface.accumulate(dMode, into: &dXi, at: .readMode(i))
          let dContent = MaskedLookup.backward(
            head.content, memory: r.memory, key: Array(xi[.readKey(i)]), mask: xi.ifPresent(.readMask(i)),
            dWeighting: dWeighting.map { mode[1] * $0 }, memoryGradient: &dMemory)
          accumulate(
            dContent, key: .readKey(i), strength: .readKeyStrength(i), mask: .readMask(i), into: &dXi,
            interface)
          var dForward = dWeighting.map { mode[2] * $0 }
          var dBackward = dWeighting.map { mode[0] * $0 }
          if c.linkSharpness {
            let forward = LinkSharpness.backward(
              head.linkForward, sharpened: head.forwardWeighting, exponent: xi.value(.forwardSharpness(i)),
              dSharpened: dForward)
            let backward = LinkSharpness.backward(
              head.linkBackward, sharpened: head.backwardWeighting, exponent: xi.value(.backwardSharpness(i)),
              dSharpened: dBackward)
            (dForward, dBackward) = (forward.f, backward.f)
            interface.accumulate(forward.exponent, into: &dXi, at: .forwardSharpness(i))
            interface.accumulate(backward.exponent, into: &dXi, at: .backwardSharpness(i))
          }
          dLinkForward.append(dForward)
          dLinkBackward.append(dBackward)
        }

        // 7. Precedence and link, both from pₜ₋₁; one pass over dLₜ for the link, its reads and
        // the write weighting's part in both.
        var dWriteWeighting = dWrite
        var dPreviousPrecedence = TemporalLink.precedenceBackward(
          previous: r.precedenceBefore, writeWeighting: r.write.weighting, dPrecedence: dPrecedence,
          dWrite: &dWriteWeighting)
        TemporalLink.backward(
          link: r.link, previousLink: previous?.link ?? emptyLink, previousPrecedence: r.precedenceBefore,
          writeWeighting: r.write.weighting, readWeightings: previousWeightings, dForward: dLinkForward,
          dBackward: dLinkBackward, dLink: &dLink, dWrite: &dWriteWeighting,
          dPrecedence: &dPreviousPrecedence,
          dReadWeightings: &dPreviousReadWeightings)

        // 6. The write, on Mₜ₋₁ (wiped by ψₜ first, with de-allocation).
        var write = MemoryAccess.writeBackward(
          before: c.deallocation ? DNC.retained(r.memoryBefore, r.retention) : r.memoryBefore,
          weightings: [r.write.weighting], erases: [Array(xi[.erase])], adds: [Array(xi[.add])],
          dAfter: dMemory)
        interface.accumulate(write.dErases[0], into: &dXi, at: .erase)
        interface.accumulate(write.dAdds[0], into: &dXi, at: .add)
        Kernels.add(write.dWeightings[0][...], into: &dWriteWeighting)
        var dRetention = zeros
        if c.deallocation {
          for i in 0..<n {
            for j in 0..<w {
              dRetention[i] += write.dBefore[i * w + j] * r.memoryBefore.values[i * w + j]
              write.dBefore[i * w + j] *= r.retention[i]
            }
          }
        }
        // A swap, so that dMemory's buffer is not shared and the lookup below adds in place.
        swap(&dMemory, &write.dBefore)

        // 5. The write weighting wʷ = gʷ [gᵃ a + (1 − gᵃ) cʷ], and the write lookup against Mₜ₋₁.
        let (allocationGate, writeGate) = (xi.value(.allocationGate), xi.value(.writeGate))
        let (allocation, content) = (r.allocationWeighting, r.write.contentWeighting)
        var (dWriteGate, dAllocationGate): (S, S) = (0, 0)
        for i in 0..<n {
          dWriteGate +=
            dWriteWeighting[i] * (allocationGate * allocation[i] + (1 - allocationGate) * content[i])
          dAllocationGate += dWriteWeighting[i] * writeGate * (allocation[i] - content[i])
        }
        interface.accumulate(dWriteGate, into: &dXi, at: .writeGate)
        interface.accumulate(dAllocationGate, into: &dXi, at: .allocationGate)
        let dWriteContent = MaskedLookup.backward(
          r.write.content, memory: r.memoryBefore, key: Array(xi[.writeKey]), mask: xi.ifPresent(.writeMask),
          dWeighting: dWriteWeighting.map { writeGate * (1 - allocationGate) * $0 }, memoryGradient: &dMemory)
        accumulate(
          dWriteContent, key: .writeKey, strength: .writeKeyStrength, mask: .writeMask, into: &dXi, interface)

        // 4. Allocation, along the free list held fixed.
        Kernels.add(
          Allocation.weightingBackward(
            usage: r.usage, freeList: r.freeList,
            dAllocation: dWriteWeighting.map { writeGate * allocationGate * $0 })[...],
          into: &dUsage)

        // 3–2. Usage and retention.
        var dFreeGates = [S](repeating: 0, count: heads)
        let (dPreviousUsage, dPreviousWrite) = Allocation.usageBackward(
          previousUsage: previous?.usage ?? zeros, previousWrite: previous?.write.weighting ?? zeros,
          retention: r.retention, freeGates: (0..<heads).map { xi.value(.freeGate($0)) },
          previousReadWeightings: previousWeightings, dUsage: dUsage, dRetention: dRetention,
          dFreeGates: &dFreeGates, dPreviousReadWeightings: &dPreviousReadWeightings)
        for i in 0..<heads { interface.accumulate(dFreeGates[i], into: &dXi, at: .freeGate(i)) }

        // 1. The interface layer and the controller; x̂ₜ's gradient splits into xₜ (dropped) and
        // rₜ₋₁.
        let dRaw = interface.backward(raw: xi.raw, activated: xi.activated, gradient: dXi)
        interfaceGradient.record(input: h, outputGradient: dRaw)
        let dFromInterface = Kernels.transposedProduct(
          weight: p + o.interfaceWeight, outputGradient: dRaw, rows: interface.count, columns: hidden)
        Kernels.add(dFromInterface[...], into: &dh)
        let dInput = ControllerNetwork.backward(
          o.controller, parameters: p, weightGradients: &controllerGradients, record: r.controller,
          dOutput: dh,
          dState: &dState)
        for i in 0..<heads {
          dReads[i] = Array(dInput[(c.inputWidth + i * w)..<(c.inputWidth + (i + 1) * w)])
        }
        (dReadWeightings, dWrite, dUsage, dPrecedence) = (
          dPreviousReadWeightings, dPreviousWrite, dPreviousUsage, dPreviousPrecedence
        )
        if let clipRecurrent {
          Kernels.clip(&dWrite, to: clipRecurrent)
          for i in dReadWeightings.indices { Kernels.clip(&dReadWeightings[i], to: clipRecurrent) }
        }
      }
    }
    var result = SequenceGradient(denseLayers: controllerGradients + [interfaceGradient, outputGradient])
    guard c.learnsInitialState else { return result }
    for l in dState.hidden.indices {
      result.initialState.append((layout.offset(Name.lstmInitialHidden(l)), dState.hidden[l]))
      result.initialState.append((layout.offset(Name.lstmInitialCell(l)), dState.cell[l]))
    }
    return result
  }

  /// x · y, summed in order.
  private static func dot<S: NTMScalar>(_ x: [S], _ y: [S]) -> S {
    var sum: S = 0
    for i in x.indices { sum += x[i] * y[i] }
    return sum
  }

  /// A lookup's gradients into their places in the interface gradient.
  private static func accumulate<S: NTMScalar>(
    _ d: (key: [S], keyStrength: S, mask: [S]?), key: DNCInterfaceField, strength: DNCInterfaceField,
    mask: DNCInterfaceField, into dXi: inout [S], _ interface: InterfaceLayout<DNCInterfaceField>
  ) {
    interface.accumulate(d.key, into: &dXi, at: key)
    interface.accumulate(d.keyStrength, into: &dXi, at: strength)
    if let dMask = d.mask { interface.accumulate(dMask, into: &dXi, at: mask) }
  }
}

extension DNCParameters {
  /// The gradient of the sequence's loss (binary cross-entropy in nats, summed over the scored
  /// steps) with respect to every parameter, with the forward pass's records and cost.
  ///
  /// When the configuration fixes the initial state, h₀ and c₀ have zero gradient.
  // Exported for Float, so that callers in other modules run the specialised code.
  @_specialize(exported:true,where Scalar == Float)
  public func gradient(inputs: [[Scalar]], targets: [[Float]], scored: [Bool]) -> (
    gradient: DNCParameters<Scalar>, cost: SequenceCost, records: [DNCStepRecord<Scalar>]
  ) {
    let records = DNC.run(self, inputs: inputs)
    var gradient = DNCParameters(zerosFor: configuration)
    gradient.values.withUnsafeMutableBufferPointer { g in
      DNCBackpropagation.gradient(self, records: records, targets: targets, scored: scored)
        .add(into: g.baseAddress!)
    }
    return (gradient, SequenceCost(records: records, targets: targets, scored: scored), records)
  }

  /// The gradient for a task episode.
  @_specialize(exported:true,where Scalar == Float)
  public func gradient(for episode: Episode) -> (
    gradient: DNCParameters<Scalar>, cost: SequenceCost, records: [DNCStepRecord<Scalar>]
  ) {
    gradient(
      inputs: episode.inputs.map { $0.map { Scalar($0) } }, targets: episode.targets, scored: episode.scored)
  }
}
