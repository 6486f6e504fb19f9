/// Everything a DNC's state holds between timesteps. A value: copy it to save the machine at a
/// step, assign it back to return there exactly.
public struct DNCState<Scalar: NTMScalar>: Sendable, Equatable {
  /// Mₜ (N × W).
  public var memory: Matrix<Scalar>
  /// uₜ: how much each location is in use, in 0…1.
  public var usage: [Scalar]
  /// Lₜ (N × N): Lₜ[i, j] is how much location i was written right after location j.
  public var link: Matrix<Scalar>
  /// pₜ: how much each location was the last one written.
  public var precedence: [Scalar]
  /// wʷₜ.
  public var writeWeighting: [Scalar]
  /// wʳ'ⁱₜ of every read head.
  public var readWeightings: [[Scalar]]
  /// rⁱₜ of every read head.
  public var reads: [[Scalar]]
  public var controller: ControllerState<Scalar>
  /// The number of steps taken since the initial state.
  public var time: Int
}

extension DNCState {
  /// Nothing written, nothing read: memory, usage, links, precedence, weightings and reads all
  /// zero, at time 0, with no controller state (a memory stepped by hand, as the playground does).
  public init(locations: Int, width: Int, readHeads: Int) {
    self.init(
      locations: locations, width: width, readHeads: readHeads,
      controller: ControllerState(hidden: [], cell: []))
  }

  init(locations n: Int, width: Int, readHeads: Int, controller: ControllerState<Scalar>) {
    let zeros = [Scalar](repeating: 0, count: n)
    self.init(
      memory: Matrix(rows: n, columns: width), usage: zeros, link: Matrix(rows: n, columns: n),
      precedence: zeros, writeWeighting: zeros, readWeightings: .init(repeating: zeros, count: readHeads),
      reads: .init(repeating: .init(repeating: 0, count: width), count: readHeads), controller: controller,
      time: 0)
  }
}

/// Every number one DNC timestep computed, in docs/dnc.md's order and under its names: controller and
/// interface, retention, usage, allocation, the write, the link and precedence, the reads, the
/// output.
///
/// Training differentiates through these records (`DNCBackpropagation`), and a viewer or trace
/// shows them, so all agree on every value.
public struct DNCStepRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// t, counting from 0.
  public var time: Int
  /// xₜ.
  public var input: [Scalar]
  /// The controller on x̂ₜ = [xₜ; rₜ₋₁], with its state hₜ (and cₜ).
  public var controller: ControllerRecord<Scalar>
  /// ξₜ, raw and activated, by field: every head's keys, strengths, gates, modes, erase and
  /// write vectors (and masks and sharpness exponents when those fixes are on).
  public var interface: InterfaceVector<DNCInterfaceField, Scalar>
  /// Retention, usage, allocation, the write, the link and precedence, and the reads: what
  /// ``DNC/access(_:from:deallocation:)`` computed from the interface. Its fields are also
  /// read directly on the record (`record.usage`).
  public var access: DNCAccessRecord<Scalar>
  /// W_y [hₜ; rₜ] + b_y, before the sigmoid.
  public var outputLogits: [Scalar]
  /// yₜ = σ(outputLogits).
  public var output: [Scalar]

  /// rⁱₜ of each read head.
  public var reads: [[Scalar]] { readHeads.map { $0.read } }

  public var retention: [Scalar] { access.retention }
  public var usage: [Scalar] { access.usage }
  public var freeList: [Int] { access.freeList }
  public var allocationWeighting: [Scalar] { access.allocationWeighting }
  public var write: DNCWriteRecord<Scalar> { access.write }
  public var precedenceBefore: [Scalar] { access.precedenceBefore }
  public var precedence: [Scalar] { access.precedence }
  public var link: Matrix<Scalar> { access.link }
  public var readHeads: [DNCReadRecord<Scalar>] { access.readHeads }
  public var memoryBefore: Matrix<Scalar> { access.memoryBefore }
  public var memory: Matrix<Scalar> { access.memory }
}

/// What the write head did in one step.
public struct DNCWriteRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// cʷₜ = C(Mₜ₋₁, kʷ, βʷ), with its similarities. With masking, the key and memory it compared
  /// were both masked, and `content.key` is the masked key.
  public var content: ContentWeighting<Scalar>
  /// wʷₜ = gʷ [gᵃ aₜ + (1 − gᵃ) cʷₜ].
  public var weighting: [Scalar]

  /// cʷₜ.
  public var contentWeighting: [Scalar] { content.weighting }
}

/// What one read head did in one step.
public struct DNCReadRecord<Scalar: NTMScalar>: Sendable, Equatable {
  /// wʳₜ₋₁, which the retention and the link-following weightings read.
  public var previousWeighting: [Scalar]
  /// Lₜ wʳₜ₋₁: the locations written right after the ones read last step. Equal to
  /// `forwardWeighting` unless link sharpness is on.
  public var linkForward: [Scalar]
  /// Lₜᵀ wʳₜ₋₁: the locations written right before the ones read last step.
  public var linkBackward: [Scalar]
  /// fₜ: `linkForward`, sharpened when link sharpness is on.
  public var forwardWeighting: [Scalar]
  /// bₜ: `linkBackward`, sharpened when link sharpness is on.
  public var backwardWeighting: [Scalar]
  /// cʳₜ = C(Mₜ, kʳ, βʳ), with its similarities (masked as the write's, with masking).
  public var content: ContentWeighting<Scalar>
  /// wʳₜ = π[0] bₜ + π[1] cʳₜ + π[2] fₜ.
  public var weighting: [Scalar]
  /// rₜ = Mₜᵀ wʳₜ.
  public var read: [Scalar]

  /// cʳₜ.
  public var contentWeighting: [Scalar] { content.weighting }
}
