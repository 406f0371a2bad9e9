import { Link } from '../router';

export function NotFound() {
  return (
    <section className="section">
      <h1>Not found</h1>
      <p><Link href="./">Back to the shop</Link></p>
    </section>
  );
}
