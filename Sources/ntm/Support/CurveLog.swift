import Foundation
import NTM

/// The learning curve as CSV (`LearningCurve`), appended to a file: one row per update,
/// validation columns filled when validated. A write that fails (a full disk) does not stop training; `failure` keeps the
/// first one, which the command reports after saving the model.
final class CurveLog {
  private let file: OutputFile
  private var pendingValidation: SequenceCost?
  private(set) var failure: String?

  init(path: String) throws {
    file = try OutputFile(appendingTo: URL(fileURLWithPath: path))
    if file.wasEmpty {
      try file.write(
        "sequences,updates,seconds,train_bits,train_bit_errors,validation_bits,validation_bit_errors\n")
    }
  }

  func validation(_ cost: SequenceCost) { pendingValidation = cost }

  func progress(_ p: TrainingProgress) {
    let point = LearningCurve.Point(
      sequences: p.sequencesSeen, updates: p.updates, seconds: p.elapsed, training: p.recentCost,
      validation: pendingValidation)
    pendingValidation = nil
    guard failure == nil else { return }
    do throws(OutputFile.Failure) { try file.write(LearningCurve.row(point) + "\n") } catch {
      failure = error.description
    }
  }
}
