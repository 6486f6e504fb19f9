import NTM

/// The model a viewer steps, an NTM or a DNC, plus what the screen says about it.
public struct ViewerModel: Sendable {
  public var parameters: MachineParameters<Float>
  /// File name, "shipped copy model" or "untrained (seed 1)".
  public var label: String
  public var sequencesSeen: Int
  public var taskName: String
  public var taskParameters: [String: String]

  public init(
    parameters: MachineParameters<Float>, label: String, sequencesSeen: Int, taskName: String,
    taskParameters: [String: String]
  ) {
    self.parameters = parameters
    self.label = label
    self.sequencesSeen = sequencesSeen
    self.taskName = taskName
    self.taskParameters = taskParameters
  }

  /// The model a checkpoint holds.
  public init(_ checkpoint: Checkpoint, label: String) {
    self.init(
      parameters: checkpoint.parameters, label: label, sequencesSeen: checkpoint.sequencesSeen,
      taskName: checkpoint.taskName, taskParameters: checkpoint.taskParameters)
  }

  public var isTrained: Bool { sequencesSeen > 0 }
  /// Which machine the model is.
  public var machine: MachineKind { parameters.machineConfiguration.kind }
}
