#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where training time goes, in seconds per phase, summed since the trainer was made: `ntm
/// bench` prints it as the breakdown by phase. The phases that run on several threads at once
/// (forward and backward passes, validation on the idle core) are summed over the threads; the
/// others are wall-clock time of the training thread.
public struct TrainingPhases: Sendable, Equatable {
  /// The phases, in the order training runs them.
  public enum Phase: String, CaseIterable, Sendable {
    /// Drawing the batch's training sequences.
    case episodes
    /// Forward passes and their costs.
    case forward
    /// Backward passes.
    case backward
    /// Adding the sequences' gradients into the batch total.
    case gradientSum = "gradient sum"
    /// The optimiser's update.
    case update
    /// Validation on the held-out set.
    case validation
  }

  private var seconds = [Double](repeating: 0, count: Phase.allCases.count)

  /// No time in any phase.
  public init() {}

  /// Seconds spent in `phase`.
  public subscript(phase: Phase) -> Double {
    get { seconds[Phase.allCases.firstIndex(of: phase)!] }
    set { seconds[Phase.allCases.firstIndex(of: phase)!] = newValue }
  }

  /// Seconds in all phases.
  public var total: Double { seconds.reduce(0, +) }

  /// The phases spent since `earlier`.
  public func subtracting(_ earlier: TrainingPhases) -> TrainingPhases {
    var d = self
    d.seconds = zip(seconds, earlier.seconds).map { $0 - $1 }
    return d
  }

  /// Both phases' times added.
  public func adding(_ other: TrainingPhases) -> TrainingPhases {
    var d = self
    d.seconds = zip(seconds, other.seconds).map { $0 + $1 }
    return d
  }

  /// Seconds on a monotonic clock, for timing phases (a few tens of nanoseconds a reading).
  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }
}
