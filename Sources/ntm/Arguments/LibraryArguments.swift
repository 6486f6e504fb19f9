import ArgumentParser
import NTM

// The library's own types as command-line values. Their text forms are the library's (task names,
// `lstm:100`), so the parser and the checkpoint metadata agree.

extension TaskName: ExpressibleByArgument {}

extension MachineKind: ExpressibleByArgument {}

extension OptimizerSettings.Kind: ExpressibleByArgument {}

extension Configuration.Controller: ExpressibleByArgument {
  /// `lstm:SIZE`, `lstm:LAYERSxSIZE`, `feedforward:SIZE[:tanh|relu]`.
  public init?(argument: String) {
    guard let controller = try? Configuration.Controller(parsing: argument) else { return nil }
    self = controller
  }

  public var defaultValueDescription: String { description }
}

extension Configuration.MemoryInitialisation: ExpressibleByArgument {
  /// `learned`, `constant` or `constant:VALUE`.
  public init?(argument: String) {
    guard let initialisation = try? Configuration.MemoryInitialisation(parsing: argument) else { return nil }
    self = initialisation
  }

  public var defaultValueDescription: String { description }
}

extension ClipBound: ExpressibleByArgument {
  /// A number, or `none`.
  public init?(argument: String) {
    if argument.lowercased() == "none" {
      self = .none
    } else if let bound = Double(argument) {
      self = .at(bound)
    } else {
      return nil
    }
  }

  public var defaultValueDescription: String { description }
}
