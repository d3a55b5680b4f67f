export default function WriteHtml() {
  return <textarea name="html" />;
}
