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
    var result = SequenceGradient<S>(denseLayers: [])
    var scratch = DNCBackwardScratch<S>()
    gradient(
      parameters, records: records, targets: targets, scored: scored, clipRecurrent: clipRecurrent,
      into: &result, scratch: &scratch)
    return result
  }

  /// `gradient` into `result`, with `scratch` for every vector the steps need: a trainer keeps
  /// both across sequences (`TrainingWorkspace`), so that their buffers, the dense layers'
  /// recorded steps included, are reused rather than allocated at every step and sequence.
  static func gradient<S: NTMScalar>(
    _ parameters: DNCParameters<S>, records: [DNCStepRecord<S>], targets: [[Float]], scored: [Bool],
    clipRecurrent: S?, into result: inout SequenceGradient<S>, scratch: inout DNCBackwardScratch<S>
  ) {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    let layout = parameters.layout
    let o = parameters.offsets
    let (n, w, heads) = (c.memoryLocations, c.memoryWidth, c.readHeads)

    // Moved out of `scratch` while in use, so that it is a variable of its own here.
    var s = scratch
    scratch = DNCBackwardScratch()
    defer { scratch = s }
    s.prepare(locations: n, width: w, readHeads: heads, controller: c.controller)

    // The dense layers' weight gradients, added once at the end (see DeferredDenseGradient).
    prepareDenseLayers(parameters, &result, steps: records.count, scoredSteps: scored.count(where: { $0 }))
    let controllerLayers = result.denseLayers.count - 2
    var controllerGradients = Array(result.denseLayers[0..<controllerLayers])
    var interfaceGradient = result.denseLayers[controllerLayers]
    var outputGradient = result.denseLayers[controllerLayers + 1]
    result.denseLayers.removeAll(keepingCapacity: true)

    // Records are read through pointers: a record taken out of its array is a copy, which
    // retains and releases each of its vectors.
    records.withUnsafeBufferPointer { records in
      parameters.values.withUnsafeBufferPointer { buffer in
        let p = buffer.baseAddress!
        for t in records.indices.reversed() {
          let r = records.baseAddress! + t
          let h = r.pointee.controller.output
          s.dh.overwriteWithZeros(count: h.count)
          s.dXi.overwriteWithZeros(count: o.interface.count)

          // 9. Output, from [hₜ; rₜ].
          if scored[t] {
            outputBackward(r, targets[t], p, o, c, &outputGradient, &s)
          }
          // 8. Read heads: the read, the mix of modes, the content lookup against Mₜ, and the
          // sharpening of the link-following weightings.
          BackwardScratch.zero(&s.dPreviousReadWeightings, count: heads, length: n)
          for i in 0..<heads { readHeadBackward(i, r, c, o, &s) }
          // 7. Precedence and link, both from pₜ₋₁; one pass over dLₜ for the link, its reads and
          // the write weighting's part in both.
          linkBackward(r, t > 0 ? r - 1 : nil, &s)
          // 6–5. The write, on Mₜ₋₁ (wiped by ψₜ first, with de-allocation), and the write
          // weighting wʷ = gʷ [gᵃ a + (1 − gᵃ) cʷ] with its lookup against Mₜ₋₁.
          writeBackward(r, c, o, &s)
          // 4–2. Allocation along the free list held fixed, usage and retention.
          allocationBackward(r, t > 0 ? r - 1 : nil, o, &s)

          // 1. The interface layer and the controller; x̂ₜ's gradient splits into xₜ (dropped) and
          // rₜ₋₁.
          let xi = r.pointee.interface
          o.interface.backward(raw: xi.raw, activated: xi.activated, gradient: s.dXi, into: &s.dRaw)
          interfaceGradient.record(input: h, outputGradient: s.dRaw)
          Kernels.transposedProduct(
            weight: p + o.interfaceWeight, outputGradient: s.dRaw, rows: o.interface.count, columns: h.count,
            into: &s.dFromInterface)
          Kernels.add(s.dFromInterface[...], into: &s.dh)
          ControllerNetwork.backward(
            o.controller, parameters: p, weightGradients: &controllerGradients, record: r.pointee.controller,
            dOutput: s.dh, dState: &s.dState, scratch: &s.controller)
          for i in 0..<heads {
            Kernels.assign(
              s.controller.dInput[(c.inputWidth + i * w)..<(c.inputWidth + (i + 1) * w)], to: &s.dReads[i])
          }
          swap(&s.dReadWeightings, &s.dPreviousReadWeightings)
          swap(&s.dWrite, &s.dPreviousWrite)
          swap(&s.dUsage, &s.dPreviousUsage)
          swap(&s.dPrecedence, &s.dPreviousPrecedence)
          if let clipRecurrent {
            Kernels.clip(&s.dWrite, to: clipRecurrent)
            for i in s.dReadWeightings.indices { Kernels.clip(&s.dReadWeightings[i], to: clipRecurrent) }
          }
        }
      }
    }
    result.denseLayers = controllerGradients + [interfaceGradient, outputGradient]
    result.initialState.removeAll(keepingCapacity: true)
    guard c.learnsInitialState else { return }
    for l in s.dState.hidden.indices {
      result.initialState.append((layout.offset(Name.lstmInitialHidden(l)), s.dState.hidden[l]))
      result.initialState.append((layout.offset(Name.lstmInitialCell(l)), s.dState.cell[l]))
    }
  }

  /// `result`'s dense layers (the controller's, the interface's, the output's) with no steps
  /// recorded and room for the sequence's, their buffers kept when they have this machine's
  /// shapes.
  private static func prepareDenseLayers<S: NTMScalar>(
    _ parameters: DNCParameters<S>, _ result: inout SequenceGradient<S>, steps: Int, scoredSteps: Int
  ) {
    typealias Name = ParameterLayout.Name
    let (c, o, layout) = (parameters.configuration, parameters.offsets, parameters.layout)
    let hidden = c.controller.outputSize
    let controllerLayers: Int
    if case .lstm(let layers, _) = c.controller { controllerLayers = layers } else { controllerLayers = 1 }
    let layers = result.denseLayers
    let shaped =
      layers.count == controllerLayers + 2 && layers[controllerLayers].weightOffset == o.interfaceWeight
      && layers[controllerLayers].rows == o.interface.count
      && layers[controllerLayers + 1].weightOffset == o.outputWeight
      && layers[controllerLayers + 1].columns == hidden + c.readHeads * c.memoryWidth
    if !shaped {
      let interfaceGradient = DeferredDenseGradient<S>(
        rows: o.interface.count, columns: hidden, weight: Name.interfaceWeight, bias: Name.interfaceBias,
        layout: layout)
      let outputGradient = DeferredDenseGradient<S>(
        rows: c.outputWidth, columns: hidden + c.readHeads * c.memoryWidth, weight: Name.outputWeight,
        bias: Name.outputBias, layout: layout)
      result.denseLayers =
        ControllerNetwork.deferredGradients(o.controller, layout: layout) + [
          interfaceGradient, outputGradient,
        ]
    }
    // Room for every step's record up front, rather than growing step by step.
    for l in result.denseLayers.indices {
      result.denseLayers[l].removeAllSteps()
      result.denseLayers[l].reserve(steps: l == result.denseLayers.count - 1 ? scoredSteps : steps)
    }
  }

  /// 9. The output layer: records its input and gradient, and adds its input gradient into
  /// dL/dhₜ and each dL/drₜ.
  private static func outputBackward<S: NTMScalar>(
    _ r: UnsafePointer<DNCStepRecord<S>>, _ targets: [Float], _ p: UnsafePointer<S>, _ o: DNCOffsets,
    _ c: DNCConfiguration, _ outputGradient: inout DeferredDenseGradient<S>, _ s: inout DNCBackwardScratch<S>
  ) {
    let (h, w) = (r.pointee.controller.output, c.memoryWidth)
    let hidden = h.count
    let output = r.pointee.output
    s.dLogits.overwrite(count: output.count) { dLogits in
      for j in output.indices { dLogits[j] = output[j] - S(targets[j]) }
    }
    r.pointee.access.readHeads.withUnsafeBufferPointer { heads in
      outputGradient.record(input: h, heads.count, { heads[$0].read }, outputGradient: s.dLogits)
    }
    Kernels.transposedProduct(
      weight: p + o.outputWeight, outputGradient: s.dLogits, rows: c.outputWidth,
      columns: hidden + c.readHeads * w, into: &s.dJoined)
    Kernels.add(s.dJoined[..<hidden], into: &s.dh)
    for i in 0..<c.readHeads {
      Kernels.add(s.dJoined[(hidden + i * w)..<(hidden + (i + 1) * w)], into: &s.dReads[i])
    }
  }

  /// 8. Read head `i`: back through its read, its mix of modes, its content lookup against Mₜ
  /// and the sharpening of its link-following weightings, whose gradients it leaves in
  /// `s.dLinks` (df at iN, db at (R + i)N) for the link's pass.
  private static func readHeadBackward<S: NTMScalar>(
    _ i: Int, _ r: UnsafePointer<DNCStepRecord<S>>, _ c: DNCConfiguration, _ o: DNCOffsets,
    _ s: inout DNCBackwardScratch<S>
  ) {
    let (n, heads, interface) = (c.memoryLocations, c.readHeads, o.interface)
    let xi = r.pointee.interface
    let memory = r.pointee.access.memory
    r.pointee.access.readHeads.withUnsafeBufferPointer { readHeads in
      let head = readHeads.baseAddress! + i
      s.previousWeightings[i] = head.pointee.previousWeighting
      s.dWeighting.overwrite(copying: s.dReadWeightings[i])
      MemoryAccess.readBackward(
        memory, weighting: head.pointee.weighting, dRead: s.dReads[i], memoryGradient: &s.dMemory,
        dWeighting: &s.dFromRead)
      Kernels.add(s.dFromRead[...], into: &s.dWeighting)
      let dWeighting = s.dWeighting
      let mode = xi[.readMode(i)]
      // dL/dπ: backward, content, forward.
      let modeStart = interface.range(of: .readMode(i)).lowerBound
      s.dXi[modeStart] += dot(head.pointee.backwardWeighting, dWeighting)
      s.dXi[modeStart + 1] += dot(head.pointee.content.weighting, dWeighting)
      s.dXi[modeStart + 2] += dot(head.pointee.forwardWeighting, dWeighting)
      scale(dWeighting, by: mode[mode.startIndex + 1], into: &s.scaled)
      let dKeyStrength = MaskedLookup.backward(
        head.pointee.content, memory: memory, key: xi[.readKey(i)], mask: c.masking ? xi[.readMask(i)] : nil,
        dWeighting: s.scaled, memoryGradient: &s.dMemory, gradients: &s.lookup)
      accumulate(
        s.lookup, dKeyStrength, key: .readKey(i), strength: .readKeyStrength(i),
        mask: c.masking ? .readMask(i) : nil, into: &s.dXi, interface)
      scale(dWeighting, by: mode[mode.startIndex + 2], into: &s.dForward)
      scale(dWeighting, by: mode[mode.startIndex], into: &s.dBackward)
      if c.linkSharpness {
        let dForwardExponent = LinkSharpness.backward(
          head.pointee.linkForward, sharpened: head.pointee.forwardWeighting,
          exponent: xi.value(.forwardSharpness(i)), dSharpened: s.dForward, into: &s.dSharpened,
          logarithms: &s.logarithms)
        swap(&s.dForward, &s.dSharpened)
        let dBackwardExponent = LinkSharpness.backward(
          head.pointee.linkBackward, sharpened: head.pointee.backwardWeighting,
          exponent: xi.value(.backwardSharpness(i)), dSharpened: s.dBackward, into: &s.dSharpened,
          logarithms: &s.logarithms)
        swap(&s.dBackward, &s.dSharpened)
        interface.accumulate(dForwardExponent, into: &s.dXi, at: .forwardSharpness(i))
        interface.accumulate(dBackwardExponent, into: &s.dXi, at: .backwardSharpness(i))
      }
      let (dForward, dBackward) = (s.dForward, s.dBackward)
      s.dLinks.overwrite(count: 2 * heads * n) { dLinks in
        dForward.withUnsafeBufferPointer { (dLinks + i * n).update(from: $0.baseAddress!, count: n) }
        dBackward.withUnsafeBufferPointer {
          (dLinks + (heads + i) * n).update(from: $0.baseAddress!, count: n)
        }
      }
    }
  }

  /// 7. Precedence and link: adds into dL/dwʷₜ (`s.dWriteWeighting`, started here from the
  /// gradient carried from step t + 1) and the read heads' dL/dwʳₜ₋₁, writes dL/dpₜ₋₁ and
  /// carries dL/dLₜ back to dL/dLₜ₋₁.
  private static func linkBackward<S: NTMScalar>(
    _ r: UnsafePointer<DNCStepRecord<S>>, _ previous: UnsafePointer<DNCStepRecord<S>>?,
    _ s: inout DNCBackwardScratch<S>
  ) {
    // The access's fields read through the pointer: the whole access copied would retain each.
    let (precedenceBefore, writeWeighting) = (
      r.pointee.access.precedenceBefore, r.pointee.access.write.weighting
    )
    let n = writeWeighting.count
    s.dWriteWeighting.overwrite(copying: s.dWrite)
    TemporalLink.precedenceBackward(
      previous: precedenceBefore, writeWeighting: writeWeighting, dPrecedence: s.dPrecedence,
      dWrite: &s.dWriteWeighting, dPrevious: &s.dPreviousPrecedence)
    TemporalLink.gather(s.previousWeightings, count: n, into: &s.previousReads)
    TemporalLink.backward(
      link: r.pointee.access.link, previousLink: previous?.pointee.access.link ?? s.zeroLink,
      previousPrecedence: precedenceBefore, writeWeighting: writeWeighting,
      heads: s.previousWeightings.count, reads: s.previousReads, dLinks: s.dLinks, dLink: &s.dLink,
      dWrite: &s.dWriteWeighting, dPrecedence: &s.dPreviousPrecedence,
      dReadWeightings: &s.dPreviousReadWeightings, scratch: &s.linkSums)
  }

  /// 6–5. The write and the write weighting: carries dL/dMₜ back to dL/dMₜ₋₁ (through ψₜ too,
  /// with de-allocation, whose gradient it leaves in `s.dRetention`), and adds the erase and
  /// write vectors', the gates' and the write lookup's gradients into dL/dξₜ.
  private static func writeBackward<S: NTMScalar>(
    _ r: UnsafePointer<DNCStepRecord<S>>, _ c: DNCConfiguration, _ o: DNCOffsets,
    _ s: inout DNCBackwardScratch<S>
  ) {
    let (n, w, interface) = (c.memoryLocations, c.memoryWidth, o.interface)
    let xi = r.pointee.interface
    let (before, retention) = (r.pointee.access.memoryBefore, r.pointee.access.retention)
    let writeWeighting = r.pointee.access.write.weighting
    s.erase.overwrite(copying: xi[.erase])
    s.add.overwrite(copying: xi[.add])
    if c.deallocation { DNC.retained(before, retention, into: &s.retained) }
    let (erase, add) = (s.erase, s.add)
    MemoryAccess.writeBackward(
      before: c.deallocation ? s.retained : before, heads: 1, weighting: { _ in writeWeighting },
      erase: { _ in erase }, add: { _ in add }, dAfter: s.dMemory, dBefore: &s.dMemoryBefore,
      gradients: &s.write)
    let write = s.write
    write.values.withUnsafeBufferPointer { g in
      interface.accumulate(
        UnsafeBufferPointer(start: g.baseAddress! + write.eraseOffset(0), count: w), into: &s.dXi, at: .erase)
      interface.accumulate(
        UnsafeBufferPointer(start: g.baseAddress! + write.addOffset(0), count: w), into: &s.dXi, at: .add)
      Kernels.add(g.baseAddress! + write.weightingOffset(0), count: n, into: &s.dWriteWeighting)
    }
    s.dRetention.overwriteWithZeros(count: n)
    if c.deallocation {
      var dRetention: [S] = []
      swap(&dRetention, &s.dRetention)
      s.dMemoryBefore.withUnsafeMutableBufferPointer { dBefore in
        for i in 0..<n {
          for j in 0..<w {
            dRetention[i] += dBefore[i * w + j] * before.values[i * w + j]
            dBefore[i * w + j] *= retention[i]
          }
        }
      }
      swap(&dRetention, &s.dRetention)
    }
    // A swap rather than an assignment: the two buffers take turns, neither is copied.
    swap(&s.dMemory, &s.dMemoryBefore)

    let (allocationGate, writeGate) = (xi.value(.allocationGate), xi.value(.writeGate))
    let (allocation, content) = (
      r.pointee.access.allocationWeighting, r.pointee.access.write.content.weighting
    )
    let dWriteWeighting = s.dWriteWeighting
    var (dWriteGate, dAllocationGate): (S, S) = (0, 0)
    for i in 0..<n {
      dWriteGate += dWriteWeighting[i] * (allocationGate * allocation[i] + (1 - allocationGate) * content[i])
      dAllocationGate += dWriteWeighting[i] * writeGate * (allocation[i] - content[i])
    }
    interface.accumulate(dWriteGate, into: &s.dXi, at: .writeGate)
    interface.accumulate(dAllocationGate, into: &s.dXi, at: .allocationGate)
    scale(dWriteWeighting, by: writeGate * (1 - allocationGate), into: &s.scaled)
    let dKeyStrength = MaskedLookup.backward(
      r.pointee.access.write.content, memory: before, key: xi[.writeKey],
      mask: c.masking ? xi[.writeMask] : nil,
      dWeighting: s.scaled, memoryGradient: &s.dMemory, gradients: &s.lookup)
    accumulate(
      s.lookup, dKeyStrength, key: .writeKey, strength: .writeKeyStrength, mask: c.masking ? .writeMask : nil,
      into: &s.dXi, interface)
  }

  /// 4–2. Allocation along the free list held fixed, then usage and retention: adds into dL/duₜ
  /// and the read heads' dL/dwʳₜ₋₁, writes dL/duₜ₋₁ and dL/dwʷₜ₋₁, and adds the free gates'
  /// gradients into dL/dξₜ.
  private static func allocationBackward<S: NTMScalar>(
    _ r: UnsafePointer<DNCStepRecord<S>>, _ previous: UnsafePointer<DNCStepRecord<S>>?, _ o: DNCOffsets,
    _ s: inout DNCBackwardScratch<S>
  ) {
    let xi = r.pointee.interface
    let heads = s.previousWeightings.count
    let (allocationGate, writeGate) = (xi.value(.allocationGate), xi.value(.writeGate))
    scale(s.dWriteWeighting, by: writeGate * allocationGate, into: &s.scaled)
    Allocation.weightingBackward(
      usage: r.pointee.access.usage, freeList: r.pointee.access.freeList, dAllocation: s.scaled,
      into: &s.dUsageFromAllocation, prefix: &s.prefix)
    Kernels.add(s.dUsageFromAllocation[...], into: &s.dUsage)
    s.dFreeGates.overwriteWithZeros(count: heads)
    s.freeGates.overwrite(count: heads) { f in
      for i in 0..<heads { f[i] = xi.value(.freeGate(i)) }
    }
    Allocation.usageBackward(
      previousUsage: previous?.pointee.access.usage ?? s.zeros,
      previousWrite: previous?.pointee.access.write.weighting ?? s.zeros,
      retention: r.pointee.access.retention,
      freeGates: s.freeGates, previousReadWeightings: s.previousWeightings, dUsage: s.dUsage,
      dRetention: s.dRetention, dFreeGates: &s.dFreeGates,
      dPreviousReadWeightings: &s.dPreviousReadWeightings,
      dPreviousUsage: &s.dPreviousUsage, dPreviousWrite: &s.dPreviousWrite, dPsi: &s.dPsi)
    for i in 0..<heads { o.interface.accumulate(s.dFreeGates[i], into: &s.dXi, at: .freeGate(i)) }
  }

  /// `factor` times each element of `x`, into `result`.
  private static func scale<S: NTMScalar>(_ x: [S], by factor: S, into result: inout [S]) {
    result.overwrite(count: x.count) { result in
      for j in x.indices { result[j] = factor * x[j] }
    }
  }

  /// x · y, summed in order.
  private static func dot<S: NTMScalar>(_ x: [S], _ y: [S]) -> S {
    var sum: S = 0
    for i in x.indices { sum += x[i] * y[i] }
    return sum
  }

  /// A lookup's gradients (`MaskedLookup.backward`'s) into their places in the interface
  /// gradient; the mask's when `mask` names its field.
  private static func accumulate<S: NTMScalar>(
    _ d: MaskedLookupScratch<S>, _ dKeyStrength: S, key: DNCInterfaceField, strength: DNCInterfaceField,
    mask: DNCInterfaceField?, into dXi: inout [S], _ interface: InterfaceLayout<DNCInterfaceField>
  ) {
    interface.accumulate(d.key, into: &dXi, at: key)
    interface.accumulate(dKeyStrength, into: &dXi, at: strength)
    if let mask { interface.accumulate(d.mask, into: &dXi, at: mask) }
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
