/// Backpropagation through time over the step records of one sequence.
///
/// The backward pass walks the records the forward pass kept (it never recomputes the forward
/// maths), carrying four gradients from step t+1 to step t: with respect to the memory Mₜ, to
/// each head's weighting wₜ, to each read vector rₜ, and to the controller's hₜ and cₜ. At t = 0
/// they land on the learned initial state.
///
/// The loss is the binary cross-entropy in nats summed over the scored steps; with a sigmoid
/// output its gradient with respect to the logits is simply y − target.
enum Backpropagation {
  /// Adds the sequence's gradient to `gradient`.
  static func accumulateGradient<S: NTMScalar>(
    _ parameters: Parameters<S>, records: [StepRecord<S>], targets: [[Float]], scored: [Bool],
    into gradient: UnsafeMutablePointer<S>
  ) {
    self.gradient(parameters, records: records, targets: targets, scored: scored).add(into: gradient)
  }

  /// The sequence's gradient, as dense layers' recorded steps and the initial state's values.
  /// With `clipRecurrent`, each head's weighting gradient is clipped to ±it as it is carried
  /// back to the step before (`OptimizerSettings.clipRecurrent`).
  static func gradient<S: NTMScalar>(
    _ parameters: Parameters<S>, records: [StepRecord<S>], targets: [[Float]], scored: [Bool],
    clipRecurrent: S? = nil
  ) -> SequenceGradient<S> {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    let layout = parameters.layout
    let n = c.memoryLocations
    let m = c.memoryWidth
    let hidden = c.controller.outputSize
    let heads = HeadID.all(c)

    var dMemory = [S](repeating: 0, count: n * m)
    var dWeightings = heads.map { _ in [S](repeating: 0, count: n) }
    var dReads = (0..<c.readHeads).map { _ in [S](repeating: 0, count: m) }
    var dState = ControllerState<S>(hidden: [], cell: [])
    if case .lstm(let layers, let size) = c.controller {
      dState.hidden = .init(repeating: .init(repeating: 0, count: size), count: layers)
      dState.cell = dState.hidden
    }

    // The dense layers' weight gradients, added once at the end (see DeferredDenseGradient).
    var controllerGradients: [DeferredDenseGradient<S>] = ControllerNetwork.deferredGradients(
      c, layout: layout)
    var headGradients = heads.map { head in
      DeferredDenseGradient<S>(
        rows: layout.dense.headLayout(head).count, columns: hidden, weight: Name.headWeight(head),
        bias: Name.headBias(head), layout: layout)
    }
    var outputGradient = DeferredDenseGradient<S>(
      rows: c.outputWidth, columns: hidden + c.readHeads * m, weight: Name.outputWeight,
      bias: Name.outputBias,
      layout: layout)
    // Room for every step's record up front, rather than growing step by step.
    for l in controllerGradients.indices { controllerGradients[l].reserve(steps: records.count) }
    for l in headGradients.indices { headGradients[l].reserve(steps: records.count) }
    outputGradient.reserve(steps: scored.count(where: { $0 }))

    // Per-step vectors kept across the steps and overwritten, not allocated at each.
    var dh = [S](repeating: 0, count: hidden)
    var dLogits = [S](repeating: 0, count: c.outputWidth)
    parameters.values.withUnsafeBufferPointer { buffer in
      let p = buffer.baseAddress!
      for t in records.indices.reversed() {
        let record = records[t]
        let h = record.controller.output
        Kernels.fill(&dh, with: 0)

        // 5. Output layer.
        if scored[t] {
          for j in dLogits.indices { dLogits[j] = record.output[j] - S(targets[t][j]) }
          outputGradient.record(input: Kernels.concatenated(h, record.reads), outputGradient: dLogits)
          let dJoined = Kernels.transposedProduct(
            weight: p + layout.dense.outputWeight, outputGradient: dLogits, rows: c.outputWidth,
            columns: hidden + c.readHeads * m)
          Kernels.add(dJoined[..<hidden], into: &dh)
          for r in 0..<c.readHeads {
            Kernels.add(dJoined[(hidden + r * m)..<(hidden + (r + 1) * m)], into: &dReads[r])
          }
        }

        // 4. Read heads: read, then address against Mₜ.
        // Every head's entry is replaced below: empty placeholders allocate nothing.
        var dPreviousWeightings = [[S]](repeating: [], count: heads.count)
        for (r, head) in record.readHeads.enumerated() {
          let index = c.writeHeads + r
          let dFromRead = MemoryAccess.readBackward(
            record.memoryAfter, weighting: head.weighting, dRead: dReads[r], memoryGradient: &dMemory)
          Kernels.add(dFromRead[...], into: &dWeightings[index])
          let (dAddressing, dPrevious) = Addressing.backward(
            head.addressing, memory: record.memoryAfter, shifts: c.shifts, dWeighting: dWeightings[index],
            memoryGradient: &dMemory)
          dPreviousWeightings[index] = dPrevious
          headBackward(p, &headGradients[index], layout, head, dAddressing, nil, h, &dh)
        }

        // 3. Write heads: undo the write, then address against Mₜ₋₁.
        if !record.writeHeads.isEmpty {
          // Closures rather than key paths: in generic code the runtime builds a key path into a
          // tuple at every call, demangling its type (14% of training time when it did here).
          let writing = record.writeHeads.compactMap { $0.writing }
          var write = MemoryAccess.writeBackward(
            before: record.memoryBefore, weightings: record.writeHeads.map { $0.weighting },
            erases: writing.map { $0.erase }, adds: writing.map { $0.add }, dAfter: dMemory)
          // A swap rather than an assignment, so that dMemory's buffer is not shared with
          // `write` and the addressing below updates it in place instead of copying it.
          swap(&dMemory, &write.dBefore)
          for (w, head) in record.writeHeads.enumerated() {
            Kernels.add(write.dWeightings[w][...], into: &dWeightings[w])
            let (dAddressing, dPrevious) = Addressing.backward(
              head.addressing, memory: record.memoryBefore, shifts: c.shifts, dWeighting: dWeightings[w],
              memoryGradient: &dMemory)
            dPreviousWeightings[w] = dPrevious
            headBackward(
              p, &headGradients[w], layout, head, dAddressing, (write.dErases[w], write.dAdds[w]), h, &dh)
          }
        }
        dWeightings = dPreviousWeightings
        if let clipRecurrent {
          for i in dWeightings.indices { Kernels.clip(&dWeightings[i], to: clipRecurrent) }
        }

        // 1. Controller; its input gradient splits into xₜ (dropped) and rₜ₋₁.
        let dInput = ControllerNetwork.backward(
          c, parameters: p, weightGradients: &controllerGradients, layout: layout, record: record.controller,
          dOutput: dh, dState: &dState)
        for r in 0..<c.readHeads {
          Kernels.assign(dInput[(c.inputWidth + r * m)..<(c.inputWidth + (r + 1) * m)], to: &dReads[r])
        }
      }
    }
    var result = SequenceGradient(denseLayers: controllerGradients + headGradients + [outputGradient])
    // The learned initial state.
    guard c.learnsInitialState else { return result }
    for (index, head) in heads.enumerated() {
      let offset = layout.offset(Name.initialWeighting(head))
      let w0 = Activation.softmax(Array(parameters.values[offset..<(offset + n)]))
      result.initialState.append(
        (offset, Activation.softmaxBackward(output: w0, gradient: dWeightings[index])))
    }
    for r in 0..<c.readHeads { result.initialState.append((layout.offset(Name.initialRead(r)), dReads[r])) }
    for l in dState.hidden.indices {
      result.initialState.append((layout.offset(Name.lstmInitialHidden(l)), dState.hidden[l]))
      result.initialState.append((layout.offset(Name.lstmInitialCell(l)), dState.cell[l]))
    }
    return result
  }

  /// From the activated head parameters back through the activations and the head's linear
  /// layer, adding the gradient with respect to hₜ into `dh`. `dWriting` holds the gradients
  /// with respect to a write head's erase and add vectors.
  private static func headBackward<S: NTMScalar>(
    _ p: UnsafePointer<S>, _ weightGradient: inout DeferredDenseGradient<S>, _ layout: ParameterLayout,
    _ head: HeadRecord<S>, _ dAddressing: AddressingParameters<S>, _ dWriting: (erase: [S], add: [S])?,
    _ h: [S], _ dh: inout [S]
  ) {
    let headLayout = layout.dense.headLayout(head.id)
    let dRaw = headLayout.backward(
      raw: head.raw, activated: head.activated(in: headLayout),
      gradient: headLayout.joined(dAddressing, writing: dWriting))
    weightGradient.record(input: h, outputGradient: dRaw)
    let dFromHead = Kernels.transposedProduct(
      weight: p + layout.dense.headWeight(head.id), outputGradient: dRaw,
      rows: dRaw.count, columns: h.count)
    Kernels.add(dFromHead[...], into: &dh)
  }
}
