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
    var result = SequenceGradient<S>(denseLayers: [])
    var scratch = BackwardScratch<S>()
    gradient(
      parameters, records: records, targets: targets, scored: scored, clipRecurrent: clipRecurrent,
      into: &result, scratch: &scratch)
    return result
  }

  /// `gradient` into `result`, with `scratch` for every vector the steps need: a trainer keeps
  /// both across sequences (`TrainingWorkspace`), so that their buffers, the dense layers'
  /// recorded steps included, are reused rather than allocated at every step and sequence.
  static func gradient<S: NTMScalar>(
    _ parameters: Parameters<S>, records: [StepRecord<S>], targets: [[Float]], scored: [Bool],
    clipRecurrent: S?, into result: inout SequenceGradient<S>, scratch: inout BackwardScratch<S>
  ) {
    typealias Name = ParameterLayout.Name
    let c = parameters.configuration
    let layout = parameters.layout
    let n = c.memoryLocations
    let m = c.memoryWidth
    let hidden = c.controller.outputSize
    let heads = HeadID.all(c)

    // Moved out of `scratch` while in use, so that each is a variable of its own here.
    var w = scratch
    scratch = BackwardScratch()
    defer { scratch = w }
    w.dMemory.overwriteWithZeros(count: n * m)
    w.prepare(heads: heads.count, readHeads: c.readHeads, locations: n, width: m, hidden: hidden)
    if case .lstm(let layers, let size) = c.controller {
      w.prepareControllerState(layers: layers, size: size)
    } else {
      w.dState = ControllerState(hidden: [], cell: [])
    }

    // The dense layers' weight gradients, added once at the end (see DeferredDenseGradient).
    let controllerLayers: Int
    if case .lstm(let layers, _) = c.controller { controllerLayers = layers } else { controllerLayers = 1 }
    if result.denseLayers.count != controllerLayers + heads.count + 1 {
      let controllerGradients: [DeferredDenseGradient<S>] = ControllerNetwork.deferredGradients(
        c, layout: layout)
      let headGradients = heads.map { head in
        DeferredDenseGradient<S>(
          rows: layout.dense.headLayout(head).count, columns: hidden, weight: Name.headWeight(head),
          bias: Name.headBias(head), layout: layout)
      }
      let outputGradient = DeferredDenseGradient<S>(
        rows: c.outputWidth, columns: hidden + c.readHeads * m, weight: Name.outputWeight,
        bias: Name.outputBias, layout: layout)
      result.denseLayers = controllerGradients + headGradients + [outputGradient]
    }
    // Room for every step's record up front, rather than growing step by step.
    let scoredSteps = scored.count(where: { $0 })
    for l in result.denseLayers.indices {
      result.denseLayers[l].removeAllSteps()
      result.denseLayers[l].reserve(steps: l == result.denseLayers.count - 1 ? scoredSteps : records.count)
    }
    // The layers' gradients as three variables, taken out of `result` while in use.
    var controllerGradients = Array(result.denseLayers[0..<controllerLayers])
    var headGradients = Array(result.denseLayers[controllerLayers..<(controllerLayers + heads.count)])
    var outputGradient = result.denseLayers[controllerLayers + heads.count]
    result.denseLayers.removeAll(keepingCapacity: true)

    // Records and heads are read through pointers: a record or head taken out of its array is
    // a copy, which retains and releases each of its dozens of vectors.
    records.withUnsafeBufferPointer { records in
      parameters.values.withUnsafeBufferPointer { buffer in
        let p = buffer.baseAddress!
        for t in records.indices.reversed() {
          let record = records.baseAddress! + t
          record.pointee.readHeads.withUnsafeBufferPointer { readHeads in
            record.pointee.writeHeads.withUnsafeBufferPointer { writeHeads in
              let h = record.pointee.controller.output
              Kernels.fill(&w.dh, with: 0)

              // 5. Output layer.
              if scored[t] {
                w.dLogits.overwrite(count: c.outputWidth) { dLogits in
                  record.pointee.output.withUnsafeBufferPointer { y in
                    for j in 0..<c.outputWidth { dLogits[j] = y[j] - S(targets[t][j]) }
                  }
                }
                outputGradient.record(
                  input: h, c.readHeads, { readHeads[$0].readVector }, outputGradient: w.dLogits)
                Kernels.transposedProduct(
                  weight: p + layout.dense.outputWeight, outputGradient: w.dLogits, rows: c.outputWidth,
                  columns: hidden + c.readHeads * m, into: &w.dJoined)
                Kernels.add(w.dJoined[..<hidden], into: &w.dh)
                for r in 0..<c.readHeads {
                  Kernels.add(w.dJoined[(hidden + r * m)..<(hidden + (r + 1) * m)], into: &w.dReads[r])
                }
              }

              // 4. Read heads: read, then address against Mₜ.
              for r in readHeads.indices {
                // One copy of the head for the calls below, which would each copy it otherwise
                // (a value read through a pointer is copied when passed to a function).
                let head = readHeads[r]
                let index = c.writeHeads + r
                MemoryAccess.readBackward(
                  record.pointee.memoryAfter, weighting: head.weighting, dRead: w.dReads[r],
                  memoryGradient: &w.dMemory, dWeighting: &w.dFromRead)
                Kernels.add(w.dFromRead[...], into: &w.dWeightings[index])
                Addressing.backward(
                  head.addressing, memory: record.pointee.memoryAfter, shifts: c.shifts,
                  dWeighting: w.dWeightings[index], memoryGradient: &w.dMemory, into: &w.dAddressing,
                  scratch: &w.addressing)
                w.dPreviousWeightings[index].overwrite(copying: w.dAddressing.previous)
                headBackward(p, &headGradients[index], layout, head, nil, h, &w)
              }

              // 3. Write heads: undo the write, then address against Mₜ₋₁.
              if !writeHeads.isEmpty {
                // Closures rather than key paths: in generic code the runtime builds a key path into a
                // tuple at every call, demangling its type (14% of training time when it did here).
                MemoryAccess.writeBackward(
                  before: record.pointee.memoryBefore, heads: writeHeads.count,
                  weighting: { writeHeads[$0].weighting },
                  erase: { writeHeads[$0].writing!.erase }, add: { writeHeads[$0].writing!.add },
                  dAfter: w.dMemory,
                  dBefore: &w.dMemoryBefore, gradients: &w.write)
                // A swap rather than an assignment: the two buffers take turns, neither is copied.
                swap(&w.dMemory, &w.dMemoryBefore)
                for i in writeHeads.indices {
                  let head = writeHeads[i]
                  let write = w.write
                  write.values.withUnsafeBufferPointer { g in
                    Kernels.add(g.baseAddress! + write.weightingOffset(i), count: n, into: &w.dWeightings[i])
                  }
                  Addressing.backward(
                    head.addressing, memory: record.pointee.memoryBefore, shifts: c.shifts,
                    dWeighting: w.dWeightings[i], memoryGradient: &w.dMemory, into: &w.dAddressing,
                    scratch: &w.addressing)
                  w.dPreviousWeightings[i].overwrite(copying: w.dAddressing.previous)
                  headBackward(p, &headGradients[i], layout, head, i, h, &w)
                }
              }
              swap(&w.dWeightings, &w.dPreviousWeightings)
              if let clipRecurrent {
                for i in w.dWeightings.indices { Kernels.clip(&w.dWeightings[i], to: clipRecurrent) }
              }

              // 1. Controller; its input gradient splits into xₜ (dropped) and rₜ₋₁.
              ControllerNetwork.backward(
                ControllerPlacement(c, layout), parameters: p, weightGradients: &controllerGradients,
                record: record.pointee.controller, dOutput: w.dh, dState: &w.dState, scratch: &w.controller)
              for r in 0..<c.readHeads {
                Kernels.assign(
                  w.controller.dInput[(c.inputWidth + r * m)..<(c.inputWidth + (r + 1) * m)], to: &w.dReads[r]
                )
              }
            }
          }
        }
      }
    }
    result.denseLayers = controllerGradients + headGradients + [outputGradient]
    // The learned initial state. After the step t = 0, `w.dMemory` is the gradient with respect
    // to M₀: each step turns the gradient with respect to its Mₜ into that with respect to Mₜ₋₁
    // (through the write, then adding the write heads' addressing against Mₜ₋₁), and with no
    // write heads Mₜ is Mₜ₋₁, so the read heads' gradient is carried back unchanged. A learned M₀
    // is learned whatever `learnsInitialState` says (that flag is about w₀, r₀, h₀ and c₀).
    result.initialState.removeAll(keepingCapacity: true)
    if c.memoryInitialisation == .learned {
      result.initialState.append((layout.offset(Name.initialMemory), w.dMemory))
    }
    guard c.learnsInitialState else { return }
    for (index, head) in heads.enumerated() {
      let offset = layout.offset(Name.initialWeighting(head))
      let w0 = Activation.softmax(Array(parameters.values[offset..<(offset + n)]))
      result.initialState.append(
        (offset, Activation.softmaxBackward(output: w0, gradient: w.dWeightings[index])))
    }
    for r in 0..<c.readHeads {
      result.initialState.append((layout.offset(Name.initialRead(r)), w.dReads[r]))
    }
    for l in w.dState.hidden.indices {
      result.initialState.append((layout.offset(Name.lstmInitialHidden(l)), w.dState.hidden[l]))
      result.initialState.append((layout.offset(Name.lstmInitialCell(l)), w.dState.cell[l]))
    }
  }

  /// From the activated head parameters back through the activations and the head's linear
  /// layer, adding the gradient with respect to hₜ into `w.dh`. The addressing's gradients are
  /// in `w.dAddressing`; `writeHead` is the index of a write head, whose erase and add vectors'
  /// gradients are in `w.write`.
  private static func headBackward<S: NTMScalar>(
    _ p: UnsafePointer<S>, _ weightGradient: inout DeferredDenseGradient<S>, _ layout: ParameterLayout,
    _ head: HeadRecord<S>, _ writeHead: Int?, _ h: [S], _ w: inout BackwardScratch<S>
  ) {
    let headLayout = layout.dense.headLayout(head.id)
    headLayout.join(head.addressing, writing: head.writing, into: &w.activated)
    if let writeHead {
      let write = w.write
      write.values.withUnsafeBufferPointer { g in
        let g = g.baseAddress!
        headLayout.join(
          w.dAddressing, dWriting: (g + write.eraseOffset(writeHead), g + write.addOffset(writeHead)),
          into: &w.dActivated)
      }
    } else {
      headLayout.join(w.dAddressing, dWriting: nil, into: &w.dActivated)
    }
    headLayout.backward(raw: head.raw, activated: w.activated, gradient: w.dActivated, into: &w.dRaw)
    weightGradient.record(input: h, outputGradient: w.dRaw)
    Kernels.transposedProduct(
      weight: p + layout.dense.headWeight(head.id), outputGradient: w.dRaw, rows: w.dRaw.count,
      columns: h.count,
      into: &w.dFromHead)
    Kernels.add(w.dFromHead[...], into: &w.dh)
  }
}
