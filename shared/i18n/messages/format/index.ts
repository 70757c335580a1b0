import ar from './ar.json';
import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import { area } from '../../area';

export default area(en, { de, fr, es, ar });
