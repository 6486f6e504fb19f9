/// The controller's recurrent state between timesteps: h and c per LSTM layer (a feedforward
/// controller has none).
public struct ControllerState<Scalar: NTMScalar>: Sendable, Equatable {
  /// hₜ of each LSTM layer, bottom layer first.
  public var hidden: [[Scalar]]
  /// cₜ of each LSTM layer, bottom layer first.
  public var cell: [[Scalar]]
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
    switch c.network {
    case .lstm(let layers, let size):
      var records: [ControllerLayerRecord<S>] = []
      var next = state
      var x = input
      for l in 0..<layers {
        let joined = x + state.hidden[l]
        let z = Kernels.affine(
          weight: p + c.weights[l], bias: p + c.biases[l], input: joined, rows: 4 * size,
          columns: joined.count)
        var r = ControllerLayerRecord<S>(input: joined, hidden: [])
        r.inputGate = S.sigmoid(each: z[0..<size])
        r.forgetGate = S.sigmoid(each: z[size..<(2 * size)])
        r.candidate = S.tanh(each: z[(2 * size)..<(3 * size)])
        r.outputGate = S.sigmoid(each: z[(3 * size)..<(4 * size)])
        r.previousCell = state.cell[l]
        r.cell = (0..<size).map { r.forgetGate[$0] * state.cell[l][$0] + r.inputGate[$0] * r.candidate[$0] }
        r.cellTanh = S.tanh(each: r.cell)
        r.hidden = (0..<size).map { r.outputGate[$0] * r.cellTanh[$0] }
        next.hidden[l] = r.hidden
        next.cell[l] = r.cell
        x = r.hidden
        records.append(r)
      }
      return (ControllerRecord(input: input, layers: records), next)
    case .feedforward(let size, let activation):
      let z = Kernels.affine(
        weight: p + c.weights[0], bias: p + c.biases[0], input: input, rows: size, columns: input.count)
      let hidden = activation == .tanh ? S.tanh(each: z) : z.map { max($0, 0) }
      return (ControllerRecord(input: input, layers: [.init(input: input, hidden: hidden)]), state)
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
    switch c.network {
    case .lstm(let layers, let size):
      var dh = dOutput
      for l in stride(from: layers - 1, through: 0, by: -1) {
        let r = record.layers[l]
        var dz = [S](repeating: 0, count: 4 * size)
        let dhNext = dState.hidden[l]
        let cellTanh = r.cellTanh.count == size ? r.cellTanh : S.tanh(each: r.cell)
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
        weightGradients[l].record(input: r.input, outputGradient: dz)
        let dJoined = Kernels.transposedProduct(
          weight: p + c.weights[l], outputGradient: dz, rows: 4 * size, columns: r.input.count,
          from: l == 0 ? c.taskInputWidth : 0)
        let inputCount = r.input.count - size
        dState.hidden[l] = Array(dJoined[inputCount...])
        dh = Array(dJoined[..<inputCount])
      }
      return dh
    case .feedforward(let size, let activation):
      let r = record.layers[0]
      let dz = (0..<size).map { j in
        activation == .tanh
          ? dOutput[j] * (1 - r.hidden[j] * r.hidden[j]) : (r.hidden[j] > 0 ? dOutput[j] : 0)
      }
      weightGradients[0].record(input: r.input, outputGradient: dz)
      return Kernels.transposedProduct(
        weight: p + c.weights[0], outputGradient: dz, rows: size, columns: r.input.count,
        from: c.taskInputWidth)
    }
  }
}
