import { Link } from '../router';
import { image } from '../catalog';
import { useTitle } from '../useTitle';

export function Home() {
  useTitle('Alder & Clay — handmade stoneware');
  return (
    <section className="hero">
      <div className="hero-text">
        <p className="eyebrow">Autumn kiln, just out</p>
        <h1>Stoneware for the everyday table</h1>
        <p>Mugs, bowls and vases thrown by hand in our Galway studio.</p>
        <p><Link className="button" href="collection">Shop the collection</Link></p>
      </div>
      <img className="hero-img" src={image('img/hero.svg')} alt="A mug, a wide bowl and a bud vase" width="800" height="500" />
    </section>
  );
}
