import ArgumentParser
import Foundation

/// A file path given on the command line. An empty path is refused: it would otherwise name the
/// current directory.
struct PathArgument: ExpressibleByArgument, CustomStringConvertible {
  var path: String

  init?(argument: String) {
    guard !argument.isEmpty else { return nil }
    path = argument
  }

  var url: URL { URL(fileURLWithPath: path) }
  var description: String { path }
}
