import Foundation

/// What a training worker keeps from one sequence to the next: the step records of the last
/// sequence, whose vectors the next sequence's forward pass overwrites in place, and the scratch
/// space of the forward and backward passes.
///
/// Training computes the same shapes sequence after sequence, so building each step's record
/// and the backward pass's vectors afresh cost an allocation, a release and the reference
/// counting of some hundred vectors a step: a fifth of the training time at batch 1 on copy
/// (docs/performance.md). The values are those of `Machine.run` and `Backpropagation.gradient`
/// bit for bit: the same functions write them, only into buffers that already exist.
///
/// The records are the trainer's alone: a viewer or a trace keeps its own, from `Machine.run`.
final class TrainingWorkspace<S: NTMScalar>: @unchecked Sendable {
  /// The NTM's records of the current sequence, one per step.
  var records: [StepRecord<S>] = []
  /// Records of longer sequences before, kept for the next long one.
  var spareRecords: [StepRecord<S>] = []
  var step = StepScratch<S>()
  var backward = BackwardScratch<S>()
  /// The DNC's records, spare records and scratch, as the NTM's.
  var dncRecords: [DNCStepRecord<S>] = []
  var spareDNCRecords: [DNCStepRecord<S>] = []
  var dncStep = DNCStepScratch<S>()
  var dncBackward = DNCBackwardScratch<S>()
}

/// The workspaces of a trainer's workers: each sequence takes one, and gives it back when its
/// gradient is computed, so that there are as many as sequences ever computed at once.
final class TrainingWorkspacePool<S: NTMScalar>: @unchecked Sendable {
  private var free: [TrainingWorkspace<S>] = []
  private let lock = NSLock()

  /// `body` with a workspace no other thread is using.
  func withWorkspace<R>(_ body: (TrainingWorkspace<S>) -> R) -> R {
    let workspace = lock.withLock { free.popLast() } ?? TrainingWorkspace()
    defer { lock.withLock { free.append(workspace) } }
    return body(workspace)
  }
}

extension Machine {
  /// `run(_:inputs:)` into `workspace.records`, each step written into the record of the same
  /// step of the sequence before (`step(_:from:input:into:scratch:)`).
  static func run(
    _ parameters: Parameters<Scalar>, inputs: [[Scalar]], in workspace: TrainingWorkspace<Scalar>
  ) {
    var records: [StepRecord<Scalar>] = []
    swap(&records, &workspace.records)
    defer { swap(&records, &workspace.records) }
    records.prepareForReuse(count: inputs.count, spares: &workspace.spareRecords)
    var state = initialState(parameters)
    for t in inputs.indices {
      step(parameters, from: state, input: inputs[t], into: &records[t], scratch: &workspace.step)
      state.advance(past: records[t])
    }
  }
}

extension DNC {
  /// `run(_:inputs:)` into `workspace.dncRecords`, each step written into the record of the same
  /// step of the sequence before (`step(_:from:input:into:scratch:)`).
  static func run(
    _ parameters: DNCParameters<Scalar>, inputs: [[Scalar]], in workspace: TrainingWorkspace<Scalar>
  ) {
    var records: [DNCStepRecord<Scalar>] = []
    swap(&records, &workspace.dncRecords)
    defer { swap(&records, &workspace.dncRecords) }
    records.prepareForReuse(count: inputs.count, spares: &workspace.spareDNCRecords)
    var state = initialState(parameters)
    for t in inputs.indices {
      step(parameters, from: state, input: inputs[t], into: &records[t], scratch: &workspace.dncStep)
      state.advance(past: &records[t])
    }
  }
}

/// A machine's step record that a trainer's forward pass writes into in place (the NTM's
/// `StepRecord`, the DNC's `DNCStepRecord`).
protocol ReusableStepRecord {
  /// A record with no values yet.
  static var empty: Self { get }
  /// Drops the vectors the record shares with the record before it and with the caller.
  mutating func releaseSharedVectors()
}

extension StepRecord: ReusableStepRecord {}
extension DNCStepRecord: ReusableStepRecord {}

extension Array where Element: ReusableStepRecord {
  /// `count` records for a sequence's steps, none sharing a vector with another: those of the
  /// sequence before, with records put aside by longer sequences before (`spares`), or empty
  /// ones; records beyond `count` go to `spares`.
  mutating func prepareForReuse(count: Int, spares: inout [Element]) {
    while self.count > count {
      var spare = removeLast()
      spare.releaseSharedVectors()
      spares.append(spare)
    }
    while self.count < count { append(spares.popLast() ?? .empty) }
    // Through a pointer, in place: the generic `self[t]` copied each record out and back.
    withUnsafeMutableBufferPointer { records in
      for t in records.indices { records[t].releaseSharedVectors() }
    }
  }
}

extension MachineParameters {
  /// The forward pass over a training sequence, its records kept in `workspace` for
  /// `backward(targets:scored:clipRecurrent:in:into:)`; returns its cost.
  func run(inputs: [[Scalar]], targets: [[Float]], scored: [Bool], in workspace: TrainingWorkspace<Scalar>)
    -> SequenceCost
  {
    switch self {
    case .ntm(let p):
      Machine.run(p, inputs: inputs, in: workspace)
      // Through a pointer: the generic `SequenceCost(records:)` copies each whole record.
      return workspace.records.withUnsafeBufferPointer { records in
        SequenceCost(
          steps: records.count, logits: { records[$0].outputLogits }, targets: targets, scored: scored)
      }
    case .dnc(let p):
      DNC.run(p, inputs: inputs, in: workspace)
      return workspace.dncRecords.withUnsafeBufferPointer { records in
        SequenceCost(
          steps: records.count, logits: { records[$0].outputLogits }, targets: targets, scored: scored)
      }
    }
  }

  /// The gradient of the sequence the last `run(inputs:targets:scored:in:)` with this
  /// workspace computed, written into `gradient` (whose buffers are reused).
  func backward(
    targets: [[Float]], scored: [Bool], clipRecurrent: Scalar?, in workspace: TrainingWorkspace<Scalar>,
    into gradient: inout SequenceGradient<Scalar>
  ) {
    switch self {
    case .ntm(let p):
      Backpropagation.gradient(
        p, records: workspace.records, targets: targets, scored: scored, clipRecurrent: clipRecurrent,
        into: &gradient, scratch: &workspace.backward)
    case .dnc(let p):
      DNCBackpropagation.gradient(
        p, records: workspace.dncRecords, targets: targets, scored: scored, clipRecurrent: clipRecurrent,
        into: &gradient, scratch: &workspace.dncBackward)
    }
  }
}
