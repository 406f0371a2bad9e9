import { createRoot } from 'react-dom/client';
import '../../storefront/css/shop.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(<App />);
