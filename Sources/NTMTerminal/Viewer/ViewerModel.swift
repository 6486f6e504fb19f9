import NTM

/// The model a viewer steps: parameters plus what the screen says about them.
public struct ViewerModel: Sendable {
  public var parameters: Parameters<Float>
  /// File name, "shipped copy model" or "untrained (seed 1)".
  public var label: String
  public var sequencesSeen: Int
  public var taskName: String
  public var taskParameters: [String: String]

  public init(
    parameters: Parameters<Float>, label: String, sequencesSeen: Int, taskName: String,
    taskParameters: [String: String]
  ) {
    self.parameters = parameters
    self.label = label
    self.sequencesSeen = sequencesSeen
    self.taskName = taskName
    self.taskParameters = taskParameters
  }

  /// The model a checkpoint holds; refused when it is a DNC, which the viewer does not show yet.
  public init(_ checkpoint: Checkpoint, label: String) throws(ValueError) {
    guard case .ntm(let parameters) = checkpoint.parameters else {
      throw ValueError(
        field: "model", value: label,
        requirement:
          "holds a \(checkpoint.configuration.kind.title); the viewer shows the NTM's step records only")
    }
    self.init(
      parameters: parameters, label: label, sequencesSeen: checkpoint.sequencesSeen,
      taskName: checkpoint.taskName, taskParameters: checkpoint.taskParameters)
  }

  public var isTrained: Bool { sequencesSeen > 0 }
}
