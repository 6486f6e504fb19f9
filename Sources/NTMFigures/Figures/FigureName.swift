import NTM

/// The figures `ntm figure NAME` draws, after Graves et al. (2014).
public enum FigureName: String, CaseIterable, Sendable {
  case copy = "copy"
  case weightings = "weightings"
  case repeatCopy = "repeat-copy"
  case associativeRecall = "associative-recall"
  case dynamicNGrams = "dynamic-ngrams"
  case learningCurve = "learning-curve"

  /// The figure called `name`, or an error listing every figure.
  public init(parsing name: String) throws(FigureError) {
    guard let value = FigureName(rawValue: name) else { throw FigureError.unknownFigure(name) }
    self = value
  }

  /// One line for help and error messages.
  public var summary: String {
    switch self {
    case .copy: "Figure 4: copy outputs against targets at lengths 10, 20, 30, 50, 120"
    case .weightings: "Figure 6: write and read weightings, add and read vectors over one sequence (any task)"
    case .repeatCopy: "Figure 8: repeat copy outputs against targets for longer sequences and more repeats"
    case .associativeRecall: "Figure 10: associative recall cost per sequence against the number of items"
    case .dynamicNGrams:
      "dynamic n-grams: the machine's predictions and cost against the Bayes-optimal estimator"
    case .learningCurve: "learning curves from `ntm train --log` CSV files, several runs overlaid"
    }
  }

  /// What the figure is drawn from.
  public enum Source: Sendable, Equatable {
    /// A checkpoint trained on this task.
    case model(TaskName)
    /// A checkpoint of any task.
    case anyModel
    /// Learning-curve files.
    case curves
  }

  public var source: Source {
    switch self {
    case .copy: .model(.copy)
    case .weightings: .anyModel
    case .repeatCopy: .model(.repeatCopy)
    case .associativeRecall: .model(.associativeRecall)
    case .dynamicNGrams: .model(.dynamicNGrams)
    case .learningCurve: .curves
    }
  }

  /// Checks that `model` was trained on the task this figure draws.
  public func check(_ model: FigureModel) throws(FigureError) {
    if case .model(let task) = source, model.task.name != task.rawValue {
      throw FigureError.wrongTask(
        figure: self, needs: task.rawValue, model: model.label, task: model.task.name)
    }
  }
}
