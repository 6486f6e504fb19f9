import NTM

/// The trained machine a figure draws: its parameters, the task it was trained on, and what to
/// call it in titles and legends ("shipped copy model", a file name).
public struct FigureModel: Sendable {
  public var parameters: Parameters<Float>
  public var task: any TaskGenerator
  public var label: String

  public init(parameters: Parameters<Float>, task: any TaskGenerator, label: String) {
    self.parameters = parameters
    self.task = task
    self.label = label
  }
}

/// Why a figure cannot be drawn.
public enum FigureError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No figure of this name; the message lists them all.
  case unknownFigure(String)
  /// The figure draws one task's model, and was given another's.
  case wrongTask(figure: FigureName, needs: String, model: String, task: String)
  /// A value the figure cannot use, e.g. a size list of the wrong length.
  case invalid(String)

  public var description: String {
    switch self {
    case .unknownFigure(let name):
      "unknown figure '\(name)'; the figures are:\n"
        + FigureName.allCases.map { "  \($0.rawValue.padding(20)) \($0.summary)" }.joined(separator: "\n")
    case .wrongTask(let figure, let needs, let model, let task):
      "figure \(figure.rawValue) needs a checkpoint trained on \(needs); \(model) was trained on \(task)"
    case .invalid(let message): message
    }
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}
