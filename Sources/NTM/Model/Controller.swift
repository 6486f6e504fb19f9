/// The controller's recurrent state between timesteps: h and c per LSTM layer (a feedforward
/// controller has none).
public struct ControllerState<Scalar: NTMScalar>: Sendable, Equatable {
  /// hₜ of each LSTM layer, bottom layer first.
  public var hidden: [[Scalar]]
  /// cₜ of each LSTM layer, bottom layer first.
  public var cell: [[Scalar]]
}

extension ControllerState {
  /// The state after the step `record` recorded: each LSTM layer's hₜ and cₜ, shared with the
  /// record rather than copied (a feedforward controller's state is empty and stays so).
  mutating func advance(past record: ControllerRecord<Scalar>) {
    // Through a pointer: a layer taken out of its array is a copy of all its vectors.
    record.layers.withUnsafeBufferPointer { layers in
      for l in hidden.indices {
        hidden[l] = layers[l].hidden
        cell[l] = layers[l].cell
      }
    }
  }
}

/// What the controller computed in one timestep.
public struct ControllerRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// x̂ₜ = [xₜ; rₜ₋₁¹ … rₜ₋₁ᴿ].
  public var input: [Scalar]
  /// Each layer's values, bottom layer first.
  public var layers: [ControllerLayerRecord<Scalar>]
  /// hₜ: the top layer's output, which the heads and the output layer read.
  public var output: [Scalar] { layers[layers.count - 1].hidden }
}

/// One controller layer's values in one timestep. LSTM gates are activated (i, f, o in 0…1,
/// the candidate in −1…1); for a feedforward layer only `input` and `hidden` are set.
public struct ControllerLayerRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// What the layer's weights multiply: [input; hₜ₋₁] for an LSTM layer, x̂ for feedforward.
  public var input: [Scalar]
  /// iₜ = σ(…): how much of the candidate enters the cell (LSTM only).
  public var inputGate: [Scalar] = []
  /// fₜ = σ(…): how much of the previous cell is kept (LSTM only).
  public var forgetGate: [Scalar] = []
  /// ĉₜ = tanh(…): the candidate cell values (LSTM only).
  public var candidate: [Scalar] = []
  /// oₜ = σ(…): how much of tanh(cₜ) reaches hₜ (LSTM only).
  public var outputGate: [Scalar] = []
  /// cₜ₋₁ (LSTM only).
  public var previousCell: [Scalar] = []
  /// cₜ (LSTM only).
  public var cell: [Scalar] = []
  /// hₜ.
  public var hidden: [Scalar]
  /// tanh(cₜ), kept for the backward pass (LSTM only; not part of the public record).
  var cellTanh: [Scalar] = []
}

/// What the controller's code needs to know of the machine around it (an NTM or a DNC): the
/// network, the widths of its input x̂ₜ and of the task input xₜ at the front of it, and where
/// each layer's weight and bias sit in the flat parameter vector (LSTM layers in order, or the
/// one feedforward layer).
struct ControllerPlacement: Sendable, Equatable {
  var network: Configuration.Controller
  var inputWidth: Int
  var taskInputWidth: Int
  var weights: [Int]
  var biases: [Int]
}

extension ControllerPlacement {
  /// The NTM's controller.
  init(_ c: Configuration, _ layout: ParameterLayout) {
    self.init(
      network: c.controller, inputWidth: c.controllerInputWidth, taskInputWidth: c.inputWidth,
      weights: layout.dense.controllerWeight, biases: layout.dense.controllerBias)
  }
}

/// The controller networks, forward and backward, over a flat parameter buffer.
enum ControllerNetwork {
  static func forward<S: NTMScalar>(
    _ c: Configuration, parameters p: UnsafePointer<S>, layout: ParameterLayout, input: [S],
    state: ControllerState<S>
  ) -> (ControllerRecord<S>, ControllerState<S>) {
    forward(ControllerPlacement(c, layout), parameters: p, input: input, state: state)
  }

  static func forward<S: NTMScalar>(
    _ c: ControllerPlacement, parameters p: UnsafePointer<S>, input: [S], state: ControllerState<S>
  ) -> (ControllerRecord<S>, ControllerState<S>) {
    var record = ControllerRecord<S>(input: input, layers: [])
    var preActivations: [S] = []
    forward(c, parameters: p, state: state, into: &record, preActivations: &preActivations)
    var next = state
    next.advance(past: record)
    return (record, next)
  }

  /// One timestep into `record`, whose `input` (x̂ₜ) is set, from `state`: every other vector
  /// written into the buffers the record already has when they can be reused (a record kept
  /// from an earlier sequence, `TrainingWorkspace`). `preActivations` is scratch space for an
  /// LSTM layer's W [input; hₜ₋₁] + b.
  static func forward<S: NTMScalar>(
    _ c: ControllerPlacement, parameters p: UnsafePointer<S>, state: ControllerState<S>,
    into record: inout ControllerRecord<S>, preActivations z: inout [S]
  ) {
    let layerCount: Int
    switch c.network {
    case .lstm(let layers, _): layerCount = layers
    case .feedforward: layerCount = 1
    }
    if record.layers.count != layerCount {
      record.layers = [ControllerLayerRecord<S>](repeating: .init(input: [], hidden: []), count: layerCount)
    }
    switch c.network {
    case .lstm(let layers, let size):
      for l in 0..<layers {
        // Taken out of the record and put back, so that its vectors are not shared meanwhile.
        var r = ControllerLayerRecord<S>(input: [], hidden: [])
        swap(&r, &record.layers[l])
        let x = l == 0 ? record.input : record.layers[l - 1].hidden
        let h = state.hidden[l]
        r.input.overwrite(count: x.count + h.count) { joined in
          x.withUnsafeBufferPointer { joined.update(from: $0.baseAddress!, count: x.count) }
          h.withUnsafeBufferPointer { (joined + x.count).update(from: $0.baseAddress!, count: h.count) }
        }
        r.input.withUnsafeBufferPointer { joined in
          Kernels.affine(
            weight: p + c.weights[l], bias: p + c.biases[l], input: joined.baseAddress!, rows: 4 * size,
            columns: joined.count, into: &z)
        }
        z.withUnsafeBufferPointer { z in
          let z = z.baseAddress!
          S.apply(S.formSigmoid, to: z, count: size, into: &r.inputGate)
          S.apply(S.formSigmoid, to: z + size, count: size, into: &r.forgetGate)
          S.apply(S.formTanh, to: z + 2 * size, count: size, into: &r.candidate)
          S.apply(S.formSigmoid, to: z + 3 * size, count: size, into: &r.outputGate)
        }
        r.previousCell = state.cell[l]
        let (f, previous, i, g) = (r.forgetGate, state.cell[l], r.inputGate, r.candidate)
        r.cell.overwrite(count: size) { cell in
          for j in 0..<size { cell[j] = f[j] * previous[j] + i[j] * g[j] }
        }
        r.cell.withUnsafeBufferPointer {
          S.apply(S.formTanh, to: $0.baseAddress!, count: size, into: &r.cellTanh)
        }
        let (o, cellTanh) = (r.outputGate, r.cellTanh)
        r.hidden.overwrite(count: size) { hidden in
          for j in 0..<size { hidden[j] = o[j] * cellTanh[j] }
        }
        swap(&r, &record.layers[l])
      }
    case .feedforward(let size, let activation):
      var r = ControllerLayerRecord<S>(input: [], hidden: [])
      swap(&r, &record.layers[0])
      r.input = record.input
      record.input.withUnsafeBufferPointer { x in
        Kernels.affine(
          weight: p + c.weights[0], bias: p + c.biases[0], input: x.baseAddress!, rows: size,
          columns: x.count,
          into: &r.hidden)
      }
      r.hidden.withUnsafeMutableBufferPointer { hidden in
        if activation == .tanh {
          S.formTanh(hidden)
        } else {
          for j in hidden.indices { hidden[j] = max(hidden[j], 0) }
        }
      }
      swap(&r, &record.layers[0])
    }
  }

  /// One deferred weight gradient per layer (LSTM layers in order, or the one feedforward
  /// layer), for `backward` to record into.
  static func deferredGradients<S: NTMScalar>(_ c: Configuration, layout: ParameterLayout)
    -> [DeferredDenseGradient<S>]
  {
    deferredGradients(ControllerPlacement(c, layout), layout: layout)
  }

  /// `deferredGradients` for a controller whose blocks have the names `ParameterLayout.Name`
  /// gives them (the NTM's and the DNC's do).
  static func deferredGradients<S: NTMScalar>(_ c: ControllerPlacement, layout: ParameterLayout)
    -> [DeferredDenseGradient<S>]
  {
    typealias Name = ParameterLayout.Name
    switch c.network {
    case .lstm(let layers, let size):
      return (0..<layers).map { l in
        DeferredDenseGradient(
          rows: 4 * size, columns: (l == 0 ? c.inputWidth : size) + size,
          weight: Name.lstmWeight(l),
          bias: Name.lstmBias(l), layout: layout)
      }
    case .feedforward(let size, _):
      return [
        DeferredDenseGradient(
          rows: size, columns: c.inputWidth, weight: Name.feedforwardWeight,
          bias: Name.feedforwardBias, layout: layout)
      ]
    }
  }

  /// Backward through one timestep. `dOutput` is the gradient with respect to the top layer's
  /// hₜ from this step's heads and output; `dState` carries dh and dc from step t+1 in, and the
  /// gradients with respect to hₜ₋₁ and cₜ₋₁ out. Returns the gradient with respect to x̂ₜ,
  /// of which only the part for rₜ₋₁ is computed (the part for the task input xₜ is left zero).
  /// Each layer's input and pre-activation gradient are recorded in `weightGradients` (from
  /// `deferredGradients`), which add the weight gradients at the end of the sequence.
  static func backward<S: NTMScalar>(
    _ c: Configuration, parameters p: UnsafePointer<S>, weightGradients: inout [DeferredDenseGradient<S>],
    layout: ParameterLayout, record: ControllerRecord<S>, dOutput: [S], dState: inout ControllerState<S>
  ) -> [S] {
    backward(
      ControllerPlacement(c, layout), parameters: p, weightGradients: &weightGradients, record: record,
      dOutput: dOutput, dState: &dState)
  }

  static func backward<S: NTMScalar>(
    _ c: ControllerPlacement, parameters p: UnsafePointer<S>,
    weightGradients: inout [DeferredDenseGradient<S>],
    record: ControllerRecord<S>, dOutput: [S], dState: inout ControllerState<S>
  ) -> [S] {
    var scratch = ControllerBackwardScratch<S>()
    backward(
      c, parameters: p, weightGradients: &weightGradients, record: record, dOutput: dOutput, dState: &dState,
      scratch: &scratch)
    return scratch.dInput
  }

  /// `backward` with its vectors in `scratch`, whose buffers are kept when they can be; the
  /// gradient with respect to x̂ₜ is left in `scratch.dInput`.
  static func backward<S: NTMScalar>(
    _ c: ControllerPlacement, parameters p: UnsafePointer<S>,
    weightGradients: inout [DeferredDenseGradient<S>],
    record: ControllerRecord<S>, dOutput: [S], dState: inout ControllerState<S>,
    scratch: inout ControllerBackwardScratch<S>
  ) {
    switch c.network {
    case .lstm(let layers, let size):
      // Moved out of `scratch` while in use, so that each is a variable of its own here.
      var (dh, dz, dJoined) = (scratch.dInput, scratch.dz, scratch.dJoined)
      scratch = ControllerBackwardScratch()
      dh.overwrite(copying: dOutput)  // dh of the layer being undone
      for l in stride(from: layers - 1, through: 0, by: -1) {
        let r = record.layers[l]
        do {
          let dhNext = dState.hidden[l]
          let cellTanh = r.cellTanh.count == size ? r.cellTanh : S.tanh(each: r.cell)
          dz.overwrite(count: 4 * size) { dz in
            dState.cell[l].withUnsafeMutableBufferPointer { dc in
              for j in 0..<size {
                let hTotal = dh[j] + dhNext[j]
                let tanhCell = cellTanh[j]
                let dCell = dc[j] + hTotal * r.outputGate[j] * (1 - tanhCell * tanhCell)
                let (i, f, g, o) = (r.inputGate[j], r.forgetGate[j], r.candidate[j], r.outputGate[j])
                dz[j] = dCell * g * i * (1 - i)
                dz[size + j] = dCell * r.previousCell[j] * f * (1 - f)
                dz[2 * size + j] = dCell * i * (1 - g * g)
                dz[3 * size + j] = hTotal * tanhCell * o * (1 - o)
                dc[j] = dCell * f
              }
            }
          }
        }
        weightGradients[l].record(input: r.input, outputGradient: dz)
        Kernels.transposedProduct(
          weight: p + c.weights[l], outputGradient: dz, rows: 4 * size, columns: r.input.count,
          from: l == 0 ? c.taskInputWidth : 0, into: &dJoined)
        let inputCount = r.input.count - size
        dState.hidden[l].overwrite(copying: dJoined[inputCount...])
        dh.overwrite(copying: dJoined[..<inputCount])
      }
      scratch = ControllerBackwardScratch(dInput: dh, dz: dz, dJoined: dJoined)
    case .feedforward(let size, let activation):
      let r = record.layers[0]
      scratch.dz.overwrite(count: size) { dz in
        for j in 0..<size {
          dz[j] =
            activation == .tanh
            ? dOutput[j] * (1 - r.hidden[j] * r.hidden[j]) : (r.hidden[j] > 0 ? dOutput[j] : 0)
        }
      }
      weightGradients[0].record(input: r.input, outputGradient: scratch.dz)
      Kernels.transposedProduct(
        weight: p + c.weights[0], outputGradient: scratch.dz, rows: size, columns: r.input.count,
        from: c.taskInputWidth, into: &scratch.dInput)
    }
  }
}

/// The vectors of the controller's backward pass through one step, kept across steps.
struct ControllerBackwardScratch<S: NTMScalar>: Sendable {
  /// The gradient with respect to the controller's input x̂ₜ, once a step is done.
  var dInput: [S] = []
  var dz: [S] = []
  var dJoined: [S] = []
}
