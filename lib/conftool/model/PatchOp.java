package conftool.model;

/** One JSON Patch operation (RFC 6902): {@code op}, {@code path}, and the new {@code value} for add and replace. */
public record PatchOp(String op, String path, Object value) {
}
