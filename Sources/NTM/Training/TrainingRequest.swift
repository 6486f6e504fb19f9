/// What a person asked of a training run. Every field is optional: unset fields take the
/// library's defaults (`Configuration`, `TrainingSettings`) for a new machine, and the
/// checkpoint's values for a resumed one (`TrainingSession` applies the rules).
///
/// ```swift
/// var request = TrainingRequest()
/// request.task = .copy
/// request.learningRate = 1e-4
/// let session = try TrainingSession(new: request, output: URL(fileURLWithPath: "copy.safetensors"))
/// ```
public struct TrainingRequest: Sendable, Equatable {
  // The task
  public var task: TaskName?
  /// Task parameters by name, as text (`maxLength` → "10"); on resume they replace the stored
  /// ones, for a curriculum.
  public var taskParameters: [String: String] = [:]

  // The machine (a new run only)
  /// Which machine: the NTM when unset (a resumed run takes the checkpoint's).
  public var machine: MachineKind?
  public var controller: Configuration.Controller?
  public var memoryLocations: Int?
  public var memoryWidth: Int?
  public var readHeads: Int?
  public var writeHeads: Int?
  public var shifts: ClosedRange<Int>?
  /// How the NTM's M₀ is set (NTM only; a constant 1e-6 when unset).
  public var memoryInitialisation: Configuration.MemoryInitialisation?
  /// The DNC's fixes of Csordás & Schmidhuber (DNC only; off when unset).
  public var masking: Bool?
  public var deallocation: Bool?
  public var linkSharpness: Bool?

  // Training settings
  public var optimizer: OptimizerSettings.Kind?
  public var learningRate: Double?
  public var batchSize: Int?
  public var clipValue: ClipBound?
  public var clipNorm: ClipBound?
  public var clipRecurrent: ClipBound?
  public var threads: Int?
  public var seed: UInt64?

  public init() {}
}

/// A bound for gradient clipping, or none.
public enum ClipBound: Sendable, Equatable, CustomStringConvertible {
  case none
  case at(Double)

  /// The bound as `OptimizerSettings` stores it (nil for none).
  public var value: Double? {
    if case .at(let bound) = self { bound } else { nil }
  }

  public init(_ value: Double?) { self = value.map(ClipBound.at) ?? .none }

  public var description: String { value.map { String($0) } ?? "none" }
}
