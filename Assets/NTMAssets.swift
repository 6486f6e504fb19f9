import Foundation

/// The trained checkpoints that ship with the tool, one per task.
public enum ShippedModels {
  /// The URL of the shipped checkpoint for a task (`copy`, `repeat-copy`, …), or nil if none ships.
  public static func url(for task: String) -> URL? {
    Bundle.module.url(forResource: "models/\(task)", withExtension: "safetensors")
  }
}
