import Foundation
import NTM

/// Where commands print: results to standard output, notes to standard error. Every line passes
/// through `PrintableText`, so a name from a file cannot send escape sequences to the terminal,
/// and a failed write (a full disk, a closed pipe) is an error, never a silent exit 0.
enum Console {
  /// One line of a command's result on standard output.
  static func line(_ text: String) throws {
    try OutputFile.standardOutput().write(PrintableText.escapedLines(text) + "\n")
  }

  /// Raw bytes on standard output (JSON Lines, already escaped).
  static func write(_ text: String) throws {
    try OutputFile.standardOutput().write(text)
  }
}

/// A note for the person running the command, on standard error (which may be closed: then the
/// note is lost, and the command goes on).
func note(_ message: String) {
  try? OutputFile.standardError().write(PrintableText.escapedLines(message) + "\n")
}

/// A user-facing error: `NTMCommand.main` prints its description and exits non-zero.
struct CommandError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
