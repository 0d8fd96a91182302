/**
 * The sandbox page's entry: defines the elements; index.html holds one
 * <basins-app>, which reads the experiment from the address bar.
 */
import './ui/basins-app';
