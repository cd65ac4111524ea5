export function App() {
  return <div>Rushes</div>;
}
