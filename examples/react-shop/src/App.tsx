import { useReducer } from 'react';
import { Link, useRoute } from './router';
import { loadCart } from './catalog';
import './waymark';
import { Home } from './pages/Home';
import { Collection } from './pages/Collection';
import { Product } from './pages/Product';
import { Cart } from './pages/Cart';
import { Checkout } from './pages/Checkout';
import { Confirmation } from './pages/Confirmation';
import { OrderStatus } from './pages/OrderStatus';
import { Review } from './pages/Review';
import { NotFound } from './pages/NotFound';

const cartCount = () => loadCart().lines.reduce((n: number, l: { quantity: number }) => n + l.quantity, 0);

/** The shop's frame and its routes. */
export function App() {
  const { path, query } = useRoute();
  // The basket badge reads the stored cart on every render; a view that changes the cart asks for one.
  const [, cartChanged] = useReducer((n: number) => n + 1, 0);
  const [name = '', arg = ''] = path.split('/');
  const count = cartCount();
  const view =
    name == '' ? <Home />
    : name == 'collection' ? <Collection />
    : name == 'product' ? <Product key={arg} id={arg} onCartChange={cartChanged} />
    : name == 'cart' ? <Cart />
    : name == 'checkout' ? <Checkout />
    : name == 'confirmation' ? <Confirmation orderId={query.get('order') ?? ''} />
    : name == 'order-status' ? <OrderStatus orderId={query.get('order') ?? ''} />
    : name == 'review' ? <Review productId={query.get('product') ?? ''} />
    : <NotFound />;
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="site-header">
        <div className="bar">
          <Link className="brand" href="./">Alder &amp; Clay</Link>
          <nav className="nav" aria-label="Main">
            <Link href="collection">Shop</Link>
            <Link href="order-status">Track an order</Link>
          </nav>
          <Link className="cart-link" href="cart">
            Basket <span className="badge" hidden={!count}>{count}</span>
          </Link>
        </div>
      </header>
      <main id="main" aria-live="polite">{view}</main>
      <footer className="site-footer">
        <p className="fine">© 2026 Alder &amp; Clay · Prices include VAT · Free standard delivery over €75 · A React app built with Vite: every view is a route of one document.</p>
      </footer>
    </>
  );
}
