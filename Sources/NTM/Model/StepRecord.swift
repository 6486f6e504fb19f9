/// Everything a machine's state holds between timesteps. A value: copy it to save the machine
/// at a step, assign it back to return there exactly (the visualiser steps backwards this way).
public struct MachineState<Scalar: NTMScalar>: Sendable, Equatable {
  /// Mₜ.
  public var memory: Matrix<Scalar>
  /// wₜ of every head, write heads first (see `HeadID`).
  public var weightings: [[Scalar]]
  /// rₜ of every read head.
  public var reads: [[Scalar]]
  /// The controller's recurrent state (h and c per LSTM layer).
  public var controller: ControllerState<Scalar>
  /// The number of steps taken since the initial state.
  public var time: Int
}

/// Every number one timestep computed, in the order docs/ntm.md gives: controller, head
/// parameters, write (address against Mₜ₋₁, erase, add), read (address against Mₜ), output.
///
/// The visualiser draws these, `ntm trace` writes them, and the backward pass differentiates
/// through them, so all three agree on every value.
public struct StepRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// t, counting from 0.
  public var time: Int
  /// xₜ.
  public var input: [Scalar]
  /// The controller's input x̂ₜ and each layer's gates, cell and hidden state.
  public var controller: ControllerRecord<Scalar>
  /// The write heads, which act first.
  public var writeHeads: [HeadRecord<Scalar>]
  /// The read heads, which address the memory this step wrote.
  public var readHeads: [HeadRecord<Scalar>]
  /// Mₜ₋₁: the memory the write heads addressed.
  public var memoryBefore: Matrix<Scalar>
  /// Mₜ: the memory after all writes, which the read heads addressed.
  public var memoryAfter: Matrix<Scalar>
  /// W_y [hₜ; rₜ] + b_y, before the sigmoid.
  public var outputLogits: [Scalar]
  /// yₜ = σ(outputLogits).
  public var output: [Scalar]

  /// Every head, write heads first.
  public var heads: [HeadRecord<Scalar>] { writeHeads + readHeads }
  /// rₜ of each read head.
  public var reads: [[Scalar]] {
    readHeads.map { if case .read(let r) = $0.access { r } else { [] } }
  }
}
