/// What each step of an episode means in its task's own terms, so that a person can read the
/// sequence from the screen: which input vector a step presents, which one an output step should
/// reproduce, where a bracket sequence became unbalanced, what the best possible predictor says.
///
/// Each task writes its own (`TaskGenerator.reading(of:)`), from its own definition; the viewer
/// draws whatever a reading holds and never special-cases a task.
///
/// ```swift
/// let reading = try makeTask(named: "copy").reading(of: episode)
/// reading.steps[12].text   // "output 2 of 10: input 2"
/// reading.steps[12].expects // 1: the step that presented input 2
/// ```
public struct EpisodeReading: Sendable, Equatable {
  public var steps: [StepReading]
  /// One line about the whole sequence: "query: item 2 · answer: item 3".
  public var summary: String
  /// Steps whose stored vectors the memory panel marks (associative recall: the item that
  /// matches the query), and what to call them there.
  public var markedSteps: [Int] = []
  public var markedName = ""
  /// A number per step worth a row of its own (balanced parentheses: the running depth).
  public var series: (name: String, values: [Int])?

  public init(steps: [StepReading], summary: String) {
    self.steps = steps
    self.summary = summary
  }

  public static func == (a: EpisodeReading, b: EpisodeReading) -> Bool {
    a.steps == b.steps && a.summary == b.summary && a.markedSteps == b.markedSteps
      && a.markedName == b.markedName && a.series?.name == b.series?.name
      && a.series?.values == b.series?.values
  }
}

/// One step of an `EpisodeReading`.
public struct StepReading: Sendable, Equatable {
  /// One character for the step's column: "3" for input 3, "(" for a bracket, "?" for a query
  /// delimiter, " " for nothing.
  public var mark: Character
  public var emphasis: Emphasis
  /// The step in words: "input 3 of 8", "output 3 of 8: input 3".
  public var text: String
  /// The name of the vector this step presents ("input 3", "item 2.1"), which a write head may
  /// store and a read head fetch later; nil when it presents none.
  public var shows: String?
  /// The step that presented the vector this step's target reproduces.
  public var expects: Int?
  /// The output of the best possible predictor at this step, where the task has one.
  public var reference: ReferencePrediction?

  public enum Emphasis: Sendable, Equatable {
    case plain
    /// Part of what the question is about (the query, the answer item).
    case strong
    /// Where something went wrong in the sequence itself (the first unbalanced bracket).
    case error
  }

  public init(
    mark: Character = " ", emphasis: Emphasis = .plain, text: String, shows: String? = nil,
    expects: Int? = nil, reference: ReferencePrediction? = nil
  ) {
    self.mark = mark
    self.emphasis = emphasis
    self.text = text
    self.shows = shows
    self.expects = expects
    self.reference = reference
  }
}

/// A reference predictor's output at one step and its cost so far (dynamic n-grams: the
/// Bayes-optimal estimator), to set beside the machine's.
public struct ReferencePrediction: Sendable, Equatable {
  /// What to call it: "optimal".
  public var name: String
  public var output: [Float]
  /// Its cost in bits over the scored steps so far, this one included.
  public var bitsSoFar: Double
}

extension TaskGenerator {
  /// Each step by its phase alone: for a task that says nothing more about its steps.
  public func reading(of episode: Episode) -> EpisodeReading {
    EpisodeReading(
      steps: episode.phases.map { StepReading(text: "\($0.rawValue) step") },
      summary: "\(episode.length) steps")
  }
}

extension Character {
  /// The last digit of a 1-based number, for a step's one-column mark.
  static func digit(_ n: Int) -> Character { Character(String(n % 10)) }
}
